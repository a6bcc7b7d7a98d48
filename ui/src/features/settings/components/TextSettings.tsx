import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Save20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, type TextSettingsView } from "../../../ipc/commands";
import {
  formFromView,
  formProblems,
  type TextSettingsForm,
  type TextSettingsProblems,
} from "../hooks/textSettingsForm";
import { useTextSettings } from "../hooks/useTextSettings";

/** Examples, the same in every language. */
const SID_EXAMPLE = "AC0123456789abcdef0123456789abcdef";
const NUMBERS_EXAMPLE = "+30 21 1198 0000";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  heading: { margin: 0, marginTop: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  option: { display: "flex", flexDirection: "column" },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** Settings → Text messages: how texts go (the phone account or Twilio) and Twilio's account. */
export function TextSettings() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const texts = useTextSettings();

  return (
    <div className={styles.root} data-testid="text-settings">
      <Text className={styles.intro}>{t("texts.settings.intro")}</Text>
      {!texts.view && texts.loadError === null && (
        <Spinner size="small" label={t("texts.settings.loading")} />
      )}
      {texts.loadError !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="text-settings-load-error">
          <MessageBarBody>
            <MessageBarTitle>{t("texts.settings.loadError")}</MessageBarTitle>
            {errorMessage(texts.loadError, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {texts.view && (
        <TextSettingsEditor
          key={texts.generation}
          view={texts.view}
          saving={texts.saving}
          onSave={(form) => void texts.save(form)}
        />
      )}
      {texts.error !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="text-settings-error">
          <MessageBarBody>
            <MessageBarTitle>{t("texts.settings.saveError")}</MessageBarTitle>
            {errorMessage(texts.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {texts.saved && (
        <MessageBar intent="success" layout="multiline" data-testid="text-settings-saved">
          <MessageBarBody>{t("texts.settings.saved")}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

type EditorProps = {
  view: TextSettingsView;
  saving: boolean;
  onSave: (form: TextSettingsForm) => void;
};

function TextSettingsEditor({ view, saving, onSave }: EditorProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [form, setForm] = useState<TextSettingsForm>(() => formFromView(view));
  // Problems show once the seller tried to save, and follow what they type after.
  const [checked, setChecked] = useState(false);
  const set = (change: Partial<TextSettingsForm>) => setForm((prev) => ({ ...prev, ...change }));
  const problems: TextSettingsProblems = checked ? formProblems(form, view.tokenSaved) : {};
  const problem = (key: keyof TextSettingsProblems) => {
    const p = problems[key];
    return p
      ? { validationState: "error" as const, validationMessage: t(`texts.settings.${p}`) }
      : {};
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setChecked(true);
    if (Object.keys(formProblems(form, view.tokenSaved)).length > 0) return;
    onSave(form);
  };

  const option = (label: string, hint: string) => (
    <span className={styles.option}>
      <span>{label}</span>
      <Caption1 className={styles.muted}>{hint}</Caption1>
    </span>
  );

  return (
    // The back end says what it refuses, in one message: no browser bubbles.
    <form className={styles.form} onSubmit={submit} noValidate data-testid="text-settings-form">
      <Field label={t("texts.settings.via")}>
        <RadioGroup
          data-testid="texts-via"
          value={form.via}
          onChange={(_, data) => set({ via: data.value as TextSettingsForm["via"] })}
        >
          <Radio
            value="none"
            data-testid="texts-via-none"
            label={option(t("texts.settings.viaNone"), t("texts.settings.viaNoneHint"))}
          />
          <Radio
            value="sip"
            data-testid="texts-via-sip"
            disabled={view.phoneAddress === null && form.via !== "sip"}
            label={option(
              t("texts.settings.viaSip"),
              view.phoneAddress
                ? t("texts.settings.viaSipAddress", { address: view.phoneAddress })
                : t("texts.settings.viaSipMissing"),
            )}
          />
          <Radio
            value="twilio"
            data-testid="texts-via-twilio"
            label={option(t("texts.settings.viaTwilio"), t("texts.settings.viaTwilioHint"))}
          />
        </RadioGroup>
      </Field>

      {form.via === "twilio" && (
        <>
          <Subtitle2 as="h3" className={styles.heading}>
            {t("texts.settings.twilio")}
          </Subtitle2>
          <Field
            label={t("texts.settings.sid")}
            hint={t("texts.settings.sidHint")}
            required
            {...problem("accountSid")}
          >
            <Input
              data-testid="twilio-sid"
              value={form.accountSid}
              placeholder={SID_EXAMPLE}
              autoComplete="off"
              spellCheck={false}
              onChange={(_, data) => set({ accountSid: data.value })}
            />
          </Field>
          <Field
            label={t("texts.settings.token")}
            hint={view.tokenSaved ? t("texts.settings.tokenSavedHint") : undefined}
            required={!view.tokenSaved}
            {...problem("token")}
          >
            <Input
              type="password"
              data-testid="twilio-token"
              value={form.token}
              autoComplete="new-password"
              placeholder={view.tokenSaved ? t("texts.settings.tokenSaved") : undefined}
              onChange={(_, data) => set({ token: data.value })}
            />
          </Field>
          <Field
            label={t("texts.settings.numbers")}
            hint={t("texts.settings.numbersHint")}
            required
            {...problem("numbers")}
          >
            <Textarea
              data-testid="twilio-numbers"
              value={form.numbers}
              placeholder={NUMBERS_EXAMPLE}
              rows={3}
              resize="vertical"
              spellCheck={false}
              onChange={(_, data) => set({ numbers: data.value })}
            />
          </Field>
        </>
      )}

      <div className={styles.buttons}>
        <Button
          appearance="primary"
          type="submit"
          icon={saving ? <Spinner size="tiny" /> : <Save20Regular />}
          disabledFocusable={saving}
          data-testid="text-settings-save"
        >
          {saving ? t("texts.settings.saving") : t("texts.settings.save")}
        </Button>
      </div>
    </form>
  );
}

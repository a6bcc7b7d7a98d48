import {
  Button,
  Field,
  Input,
  Spinner,
  Subtitle2,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Delete20Regular, Save20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { PhoneAccountView } from "../../../ipc/commands";
import { formFromAccount, type PhoneAccountForm } from "../hooks/phoneAccountForm";

/** Examples, the same in every language. */
const SERVER_EXAMPLE = "wss://pbx.example.com:8089/ws";
const STUN_EXAMPLE = "stun:stun.example.com:3478";
const TURN_EXAMPLE = "turn:turn.example.com:3478?transport=udp";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  heading: { margin: 0, marginTop: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  pair: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))",
    alignItems: "start",
    gap: tokens.spacingHorizontalM,
  },
  buttons: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    justifyContent: "space-between",
  },
});

export type PhoneAccountEditorProps = {
  view: PhoneAccountView;
  busy: "saving" | "removing" | null;
  onSave: (form: PhoneAccountForm) => void;
  onRemove: () => void;
};

/** The SIP account's fields, Save, and Remove account. */
export function PhoneAccountEditor({ view, busy, onSave, onRemove }: PhoneAccountEditorProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [form, setForm] = useState<PhoneAccountForm>(() => formFromAccount(view.account));
  const set = (change: Partial<PhoneAccountForm>) => setForm((prev) => ({ ...prev, ...change }));
  const hasAccount = view.account.user !== "" || view.hasPassword;

  const text = (key: keyof PhoneAccountForm, testId: string, placeholder?: string) => (
    <Input
      data-testid={testId}
      value={form[key] as string}
      placeholder={placeholder}
      autoComplete="off"
      spellCheck={false}
      onChange={(_, data) => set({ [key]: data.value })}
    />
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSave(form);
  };

  return (
    // The back end names every field that is wrong, in one message: no browser bubbles.
    <form className={styles.form} onSubmit={submit} noValidate data-testid="phone-form">
      <Subtitle2 as="h3" className={styles.heading}>
        {t("settings.phone.account")}
      </Subtitle2>
      <Field label={t("settings.phone.server")} hint={t("settings.phone.serverHint")} required>
        {text("serverUrl", "phone-server", SERVER_EXAMPLE)}
      </Field>
      <div className={styles.pair}>
        <Field label={t("settings.phone.user")} required>
          {text("user", "phone-user")}
        </Field>
        <Field label={t("settings.phone.domain")} required>
          {text("domain", "phone-domain")}
        </Field>
      </div>
      <Field
        label={t("settings.phone.password")}
        hint={view.hasPassword ? t("settings.phone.passwordKeptHint") : undefined}
        required={!view.hasPassword}
      >
        <Input
          type="password"
          data-testid="phone-password"
          value={form.password}
          autoComplete="new-password"
          placeholder={view.hasPassword ? t("settings.phone.passwordKept") : undefined}
          onChange={(_, data) => set({ password: data.value })}
        />
      </Field>
      <div className={styles.pair}>
        <Field label={t("settings.phone.authUser")} hint={t("settings.phone.authUserHint")}>
          {text("authUser", "phone-auth-user")}
        </Field>
        <Field label={t("settings.phone.displayName")} hint={t("settings.phone.displayNameHint")}>
          {text("displayName", "phone-display-name")}
        </Field>
      </div>

      <Subtitle2 as="h3" className={styles.heading}>
        {t("settings.phone.network")}
      </Subtitle2>
      <Field label={t("settings.phone.stun")} hint={t("settings.phone.stunHint")}>
        <Textarea
          data-testid="phone-stun"
          value={form.stunServers}
          placeholder={STUN_EXAMPLE}
          rows={2}
          resize="vertical"
          spellCheck={false}
          onChange={(_, data) => set({ stunServers: data.value })}
        />
      </Field>
      <div className={styles.pair}>
        <Field label={t("settings.phone.turn")}>
          {text("turnServer", "phone-turn", TURN_EXAMPLE)}
        </Field>
        <Field label={t("settings.phone.turnUser")}>{text("turnUser", "phone-turn-user")}</Field>
      </div>
      <Field
        label={t("settings.phone.turnPassword")}
        hint={view.hasTurnPassword ? t("settings.phone.passwordKeptHint") : undefined}
      >
        <Input
          type="password"
          data-testid="phone-turn-password"
          value={form.turnPassword}
          autoComplete="new-password"
          placeholder={view.hasTurnPassword ? t("settings.phone.passwordKept") : undefined}
          onChange={(_, data) => set({ turnPassword: data.value })}
        />
      </Field>

      <Subtitle2 as="h3" className={styles.heading}>
        {t("settings.phone.calls")}
      </Subtitle2>
      <Switch
        data-testid="phone-auto-mobile"
        checked={form.autoDialMobile}
        label={t("settings.phone.autoMobile")}
        onChange={(_, data) => set({ autoDialMobile: data.checked })}
      />

      <div className={styles.buttons}>
        <Button
          appearance="primary"
          type="submit"
          icon={busy === "saving" ? <Spinner size="tiny" /> : <Save20Regular />}
          disabledFocusable={busy !== null}
          data-testid="phone-save"
        >
          {busy === "saving" ? t("settings.phone.saving") : t("settings.phone.save")}
        </Button>
        {hasAccount && (
          <Button
            appearance="subtle"
            icon={<Delete20Regular />}
            disabledFocusable={busy !== null}
            data-testid="phone-remove"
            onClick={onRemove}
          >
            {t("settings.phone.remove")}
          </Button>
        )}
      </div>
    </form>
  );
}

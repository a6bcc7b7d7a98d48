import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
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
import { errorMessage, type EmailSettingsView, type SmtpSecurity } from "../../../ipc/commands";
import { CRM_NAME } from "../../sync";
import { DEFAULT_PORT, formFromSettings, type EmailSettingsForm } from "../hooks/emailSettingsForm";
import { useEmailSettings } from "../hooks/useEmailSettings";

/** Examples, the same in every language. */
const HOST_EXAMPLE = "smtp.example.com";
const FROM_EXAMPLE = "nikos@example.com";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  heading: { margin: 0, marginTop: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  pair: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))",
    alignItems: "start",
    gap: tokens.spacingHorizontalM,
  },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS },
});

/**
 * Settings → Email: the mail server emails go through when Nextline is not connected to
 * Dynamics 365 (its password kept in the keyring), and the signature added to new emails.
 */
export function EmailSettings({ connected }: { connected: boolean }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const settings = useEmailSettings();

  return (
    <div className={styles.root} data-testid="email-settings">
      <Text className={styles.intro}>{t("email.settings.intro")}</Text>
      {connected && (
        <MessageBar intent="info" layout="multiline" data-testid="email-settings-via-crm">
          <MessageBarBody>{t("email.settings.viaCrm", { crm: CRM_NAME })}</MessageBarBody>
        </MessageBar>
      )}
      {!settings.view && settings.loadError === null && (
        <Spinner size="small" label={t("email.settings.loading")} />
      )}
      {settings.loadError !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="email-settings-load-error">
          <MessageBarBody>
            <MessageBarTitle>{t("email.settings.loadError")}</MessageBarTitle>
            {errorMessage(settings.loadError, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {settings.view && (
        <EmailSettingsEditor
          key={settings.generation}
          view={settings.view}
          saving={settings.saving}
          onSave={(form) => void settings.save(form)}
        />
      )}
      {settings.error !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="email-settings-error">
          <MessageBarBody>
            <MessageBarTitle>{t("email.settings.saveError")}</MessageBarTitle>
            {errorMessage(settings.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {settings.saved && (
        <MessageBar intent="success" layout="multiline" data-testid="email-settings-saved">
          <MessageBarBody>{t("email.settings.saved")}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

type EditorProps = {
  view: EmailSettingsView;
  saving: boolean;
  onSave: (form: EmailSettingsForm) => void;
};

function EmailSettingsEditor({ view, saving, onSave }: EditorProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [form, setForm] = useState<EmailSettingsForm>(() => formFromSettings(view));
  const set = (change: Partial<EmailSettingsForm>) => setForm((prev) => ({ ...prev, ...change }));

  const text = (key: keyof EmailSettingsForm, testId: string, placeholder?: string) => (
    <Input
      data-testid={testId}
      value={form[key]}
      placeholder={placeholder}
      autoComplete="off"
      spellCheck={false}
      onChange={(_, data) => set({ [key]: data.value })}
    />
  );

  /** A new kind of connection takes its usual port, unless the seller typed another one. */
  const setSecurity = (security: SmtpSecurity) =>
    setForm((prev) => ({
      ...prev,
      security,
      port:
        prev.port === String(DEFAULT_PORT[prev.security])
          ? String(DEFAULT_PORT[security])
          : prev.port,
    }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!saving) onSave(form);
  };

  return (
    // The back end names the field that is wrong: no browser bubbles.
    <form className={styles.form} onSubmit={submit} noValidate data-testid="email-settings-form">
      <Subtitle2 as="h3" className={styles.heading}>
        {t("email.settings.server")}
      </Subtitle2>
      <div className={styles.pair}>
        <Field label={t("email.settings.host")}>{text("host", "smtp-host", HOST_EXAMPLE)}</Field>
        <Field label={t("email.settings.port")}>
          <Input
            data-testid="smtp-port"
            inputMode="numeric"
            value={form.port}
            autoComplete="off"
            onChange={(_, data) => set({ port: data.value })}
          />
        </Field>
      </div>
      <Field label={t("email.settings.security")}>
        <Select
          data-testid="smtp-security"
          value={form.security}
          onChange={(_, data) => setSecurity(data.value as SmtpSecurity)}
        >
          <option value="startTls">{t("email.settings.startTls")}</option>
          <option value="tls">{t("email.settings.tls")}</option>
          <option value="none">{t("email.settings.none")}</option>
        </Select>
      </Field>
      <div className={styles.pair}>
        <Field label={t("email.settings.user")} hint={t("email.settings.userHint")}>
          {text("user", "smtp-user")}
        </Field>
        <Field
          label={t("email.settings.password")}
          hint={view.passwordSaved ? t("email.settings.passwordHint") : undefined}
        >
          <Input
            type="password"
            data-testid="smtp-password"
            value={form.password}
            autoComplete="new-password"
            placeholder={view.passwordSaved ? t("email.settings.passwordSaved") : undefined}
            onChange={(_, data) => set({ password: data.value })}
          />
        </Field>
      </div>
      <div className={styles.pair}>
        <Field label={t("email.settings.from")}>
          {text("fromAddress", "smtp-from", FROM_EXAMPLE)}
        </Field>
        <Field label={t("email.settings.fromName")}>{text("fromName", "smtp-from-name")}</Field>
      </div>

      <Field label={t("email.settings.signature")} hint={t("email.settings.signatureHint")}>
        <Textarea
          data-testid="email-signature"
          value={form.signature}
          rows={4}
          resize="vertical"
          onChange={(_, data) => set({ signature: data.value })}
        />
      </Field>

      <div className={styles.buttons}>
        <Button
          appearance="primary"
          type="submit"
          icon={saving ? <Spinner size="tiny" /> : <Save20Regular />}
          disabledFocusable={saving}
          data-testid="email-settings-save"
        >
          {saving ? t("email.settings.saving") : t("email.settings.save")}
        </Button>
      </div>
    </form>
  );
}

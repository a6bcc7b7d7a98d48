import {
  Button,
  Field,
  Input,
  Select,
  Spinner,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Save20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { DesktopPrefs } from "../../../ipc/commands";
import {
  formFromPrefs,
  isTimeOfDay,
  meetingLeads,
  type NotificationsForm,
} from "../hooks/notificationsForm";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  pair: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(160px, 1fr))",
    alignItems: "start",
    gap: tokens.spacingHorizontalM,
    paddingInlineStart: tokens.spacingHorizontalXXL,
  },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS },
});

export type NotificationsEditorProps = {
  /** What the back end keeps, to start from. */
  prefs: DesktopPrefs;
  saving: boolean;
  onSave: (form: NotificationsForm) => void;
};

/** The tray, start at login, quiet hours and the meeting reminder's lead, and Save. */
export function NotificationsEditor({ prefs, saving, onSave }: NotificationsEditorProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [form, setForm] = useState<NotificationsForm>(() => formFromPrefs(prefs));
  const set = (change: Partial<NotificationsForm>) => setForm((prev) => ({ ...prev, ...change }));
  const startOk = !form.quietHours || isTimeOfDay(form.quietStart);
  const endOk = !form.quietHours || isTimeOfDay(form.quietEnd);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!saving && startOk && endOk) onSave(form);
  };

  const time = (key: "quietStart" | "quietEnd", label: string, ok: boolean, testId: string) => (
    <Field
      label={label}
      validationState={ok ? "none" : "error"}
      validationMessage={ok ? undefined : t("settings.notifications.timeNeeded")}
    >
      <Input
        type="time"
        data-testid={testId}
        value={form[key]}
        onChange={(_, data) => set({ [key]: data.value })}
      />
    </Field>
  );

  return (
    <form className={styles.form} onSubmit={submit} noValidate data-testid="notify-form">
      <Switch
        data-testid="notify-close-to-tray"
        checked={form.closeToTray}
        label={t("settings.notifications.closeToTray")}
        onChange={(_, data) => set({ closeToTray: data.checked })}
      />
      <Switch
        data-testid="notify-start-at-login"
        checked={form.startAtLogin}
        label={t("settings.notifications.startAtLogin")}
        onChange={(_, data) => set({ startAtLogin: data.checked })}
      />
      <Field hint={t("settings.notifications.quietHoursHint")}>
        <Switch
          data-testid="notify-quiet-hours"
          checked={form.quietHours}
          label={t("settings.notifications.quietHours")}
          onChange={(_, data) => set({ quietHours: data.checked })}
        />
      </Field>
      {form.quietHours && (
        <div className={styles.pair}>
          {time("quietStart", t("settings.notifications.from"), startOk, "notify-quiet-from")}
          {time("quietEnd", t("settings.notifications.to"), endOk, "notify-quiet-to")}
        </div>
      )}
      <Field label={t("settings.notifications.meetingLead")}>
        <Select
          data-testid="notify-meeting-lead"
          value={String(form.meetingLead)}
          onChange={(_, data) => set({ meetingLead: Number(data.value) })}
        >
          {meetingLeads(form.meetingLead).map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {t("settings.notifications.minutesBefore", { count: minutes })}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.buttons}>
        <Button
          appearance="primary"
          type="submit"
          icon={saving ? <Spinner size="tiny" /> : <Save20Regular />}
          disabledFocusable={saving}
          data-testid="notify-save"
        >
          {saving ? t("settings.notifications.saving") : t("settings.notifications.save")}
        </Button>
      </div>
    </form>
  );
}

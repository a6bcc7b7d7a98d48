import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PeopleTeam20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import { errorMessage, runCommand, type CrmRecord } from "../../../ipc/commands";
import { formatDuration } from "../../../lib/duration";
import { formatDateTime } from "../../../lib/relativeTime";
import { fromLocalInputValue } from "../../../lib/snoozeTimes";
import {
  DURATIONS,
  createMeetingCommand,
  initialForm,
  type MeetingForm,
} from "../hooks/meetingForm";

const useStyles = makeStyles({
  surface: { maxWidth: "560px" },
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  when: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) 160px",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "start",
  },
  duration: { minWidth: "0" },
});

export type NewMeetingDialogProps = {
  record: CrmRecord;
  onClose: () => void;
};

/** R18: sets up a meeting for the record; it joins the record's open activities. */
export function NewMeetingDialog({ record, onClose }: NewMeetingDialogProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const clock = useNow(10_000);
  const [form, setForm] = useState<MeetingForm>(() =>
    initialForm(
      record,
      t("meetings.new.defaultSubject", { name: record.contact.name }),
      new Date(),
    ),
  );
  // One id per dialog: saving twice after a lost answer creates the meeting once.
  const [meetingId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const set = <K extends keyof MeetingForm>(key: K, value: MeetingForm[K]) =>
    setForm((prev) => ({ ...prev, [key]: value }));

  const start = fromLocalInputValue(form.start);
  const past = start !== null && start.getTime() < clock.getTime();
  const minutes = (m: number) => formatDuration(m, i18n.language);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const command = createMeetingCommand(meetingId, record.id, form);
    if (!command || busy) return;
    setBusy(true);
    setError(null);
    try {
      await runCommand(command);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  let startHint: string | undefined;
  if (start === null) startHint = t("meetings.new.startMissing");
  else if (past)
    startHint = t("meetings.new.startPast", { when: formatDateTime(start, i18n.language) });
  else startHint = formatDateTime(start, i18n.language);

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="meeting-dialog">
        <form onSubmit={(e) => void save(e)} noValidate>
          <DialogBody>
            <DialogTitle>{t("meetings.new.title", { name: record.contact.name })}</DialogTitle>
            <DialogContent className={styles.content}>
              <Field label={t("meetings.field.subject")} required>
                <Input
                  data-testid="meeting-subject"
                  value={form.subject}
                  onChange={(_, d) => set("subject", d.value)}
                />
              </Field>
              <div className={styles.when}>
                <Field
                  label={t("meetings.field.start")}
                  required
                  validationState={start === null ? "error" : past ? "warning" : "none"}
                  validationMessage={startHint}
                >
                  <Input
                    type="datetime-local"
                    data-testid="meeting-start"
                    value={form.start}
                    onChange={(_, d) => set("start", d.value)}
                  />
                </Field>
                <Field label={t("meetings.field.duration")}>
                  <Dropdown
                    className={styles.duration}
                    data-testid="meeting-duration"
                    value={minutes(form.durationMinutes)}
                    selectedOptions={[String(form.durationMinutes)]}
                    onOptionSelect={(_, d) =>
                      d.optionValue && set("durationMinutes", Number(d.optionValue))
                    }
                  >
                    {DURATIONS.map((m) => (
                      <Option key={m} value={String(m)}>
                        {minutes(m)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              </div>
              <Field label={t("meetings.field.attendees")} hint={t("meetings.new.attendeesHint")}>
                <Input
                  data-testid="meeting-attendees"
                  value={form.attendees}
                  onChange={(_, d) => set("attendees", d.value)}
                />
              </Field>
              <Field label={t("meetings.field.location")}>
                <Input
                  data-testid="meeting-location"
                  value={form.location}
                  onChange={(_, d) => set("location", d.value)}
                />
              </Field>
              <Field label={t("meetings.field.description")}>
                <Textarea
                  data-testid="meeting-description"
                  value={form.description}
                  resize="vertical"
                  rows={4}
                  onChange={(_, d) => set("description", d.value)}
                />
              </Field>
              <Field label={t("meetings.field.joinUrl")} hint={t("meetings.new.joinUrlHint")}>
                <Input
                  type="url"
                  data-testid="meeting-join-url"
                  contentBefore={<PeopleTeam20Regular aria-hidden />}
                  placeholder="https://teams.microsoft.com/…"
                  value={form.joinUrl}
                  onChange={(_, d) => set("joinUrl", d.value)}
                />
              </Field>
              {error !== null && (
                <MessageBar intent="error" layout="multiline" data-testid="meeting-error">
                  <MessageBarBody>
                    <MessageBarTitle>{t("meetings.new.failed")}</MessageBarTitle>
                    {errorMessage(error, i18n)}
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" data-testid="meeting-cancel" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button
                appearance="primary"
                type="submit"
                data-testid="meeting-save"
                disabled={busy || start === null}
                icon={busy ? <Spinner size="tiny" /> : undefined}
              >
                {t("meetings.new.save")}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

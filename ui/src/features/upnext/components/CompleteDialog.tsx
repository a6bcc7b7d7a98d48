import { Field, Textarea } from "@fluentui/react-components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity } from "../../../ipc/commands";
import { useRunCommand } from "../hooks/useRunCommand";
import { CommandDialog } from "./CommandDialog";

export type CompleteDialogProps = {
  activity: Pick<Activity, "id" | "subject">;
  onClose: () => void;
  /** After the back end took it (before `onClose`). */
  onCompleted?: () => void;
};

/** Mark complete, with an optional note (R5, R8). */
export function CompleteDialog({ activity, onClose, onCompleted }: CompleteDialogProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const { run, busy, error } = useRunCommand();

  const save = async () => {
    const text = note.trim();
    if (
      await run({ command: "complete", activity: activity.id, note: text === "" ? null : text })
    ) {
      onCompleted?.();
      onClose();
    }
  };

  return (
    <CommandDialog
      testId="complete-dialog"
      title={t("dialogs.complete.title")}
      subject={activity.subject}
      submitLabel={t("dialogs.complete.save")}
      submitTestId="complete-save"
      canSubmit
      busy={busy}
      error={error}
      onSubmit={() => void save()}
      onClose={onClose}
    >
      <Field label={t("dialogs.complete.note")} hint={t("dialogs.complete.noteHint")}>
        <Textarea
          data-testid="complete-note"
          value={note}
          resize="vertical"
          rows={4}
          onChange={(_, data) => setNote(data.value)}
        />
      </Field>
    </CommandDialog>
  );
}

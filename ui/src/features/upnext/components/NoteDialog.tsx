import { Field, Textarea } from "@fluentui/react-components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity } from "../../../ipc/commands";
import { useRunCommand } from "../hooks/useRunCommand";
import { CommandDialog } from "./CommandDialog";

/** Adds a note to the activity's record (R8). */
export function NoteDialog({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const { run, busy, error } = useRunCommand();

  const save = async () => {
    if (await run({ command: "addNote", activity: activity.id, text: text.trim() })) onClose();
  };

  return (
    <CommandDialog
      testId="note-dialog"
      title={t("dialogs.note.title")}
      subject={activity.subject}
      submitLabel={t("common.save")}
      submitTestId="note-save"
      canSubmit={text.trim() !== ""}
      busy={busy}
      error={error}
      onSubmit={() => void save()}
      onClose={onClose}
    >
      <Field label={t("dialogs.note.text")} required>
        <Textarea
          data-testid="note-text"
          value={text}
          resize="vertical"
          rows={5}
          onChange={(_, data) => setText(data.value)}
        />
      </Field>
    </CommandDialog>
  );
}

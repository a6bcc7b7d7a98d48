import { Dropdown, Field, Option, OptionGroup } from "@fluentui/react-components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, Assignee, DirectoryView } from "../../../ipc/commands";
import { assigneeName } from "../../../lib/directory";
import { useRunCommand } from "../hooks/useRunCommand";
import { CommandDialog } from "./CommandDialog";

const encode = (a: Assignee) => `${a.kind}:${a.id}`;

function decode(value: string): Assignee | null {
  const at = value.indexOf(":");
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  if (kind === "user" || kind === "team") return { kind, id };
  return null;
}

export type AssignDialogProps = {
  activity: Activity;
  directory: DirectoryView | null;
  onClose: () => void;
};

/** Gives an activity to a seller, a sales manager or a team (R9). */
export function AssignDialog({ activity, directory, onClose }: AssignDialogProps) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<string>(encode(activity.assignee));
  const { run, busy, error } = useRunCommand();
  const sellers = (directory?.users ?? []).filter((u) => u.role !== null);
  const teams = directory?.teams ?? [];
  const to = decode(choice);
  const changed = to !== null && choice !== encode(activity.assignee);

  const save = async () => {
    if (to && (await run({ command: "assign", activity: activity.id, to }))) onClose();
  };

  return (
    <CommandDialog
      testId="assign-dialog"
      title={t("dialogs.assign.title")}
      subject={activity.subject}
      submitLabel={t("dialogs.assign.save")}
      submitTestId="assign-save"
      canSubmit={changed}
      busy={busy}
      error={error}
      onSubmit={() => void save()}
      onClose={onClose}
    >
      <Field label={t("dialogs.assign.to")}>
        <Dropdown
          data-testid="assign-picker"
          value={to ? assigneeName(directory, to) : ""}
          selectedOptions={[choice]}
          onOptionSelect={(_, data) => data.optionValue && setChoice(data.optionValue)}
        >
          <OptionGroup label={t("dialogs.assign.people")}>
            {sellers.map((u) => (
              <Option key={u.id} value={`user:${u.id}`} text={u.name}>
                {`${u.name} · ${t(`common.role.${u.role}`)}`}
              </Option>
            ))}
          </OptionGroup>
          {teams.length > 0 && (
            <OptionGroup label={t("dialogs.assign.teams")}>
              {teams.map((team) => (
                <Option key={team.id} value={`team:${team.id}`} text={team.name}>
                  {team.name}
                </Option>
              ))}
            </OptionGroup>
          )}
        </Dropdown>
      </Field>
    </CommandDialog>
  );
}

import { Field, Input, ToggleButton, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import type { Activity } from "../../../ipc/commands";
import { formatDateTime } from "../../../lib/relativeTime";
import {
  fromLocalInputValue,
  inOneHour,
  nextMondayAtNine,
  toLocalInputValue,
  toRfc3339,
  tomorrowAtNine,
} from "../../../lib/snoozeTimes";
import { useRunCommand } from "../hooks/useRunCommand";
import { CommandDialog } from "./CommandDialog";

const useStyles = makeStyles({
  quick: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
});

const QUICK = [
  { id: "1h", testId: "snooze-quick-1h", pick: inOneHour },
  { id: "tomorrow", testId: "snooze-quick-tomorrow", pick: tomorrowAtNine },
  { id: "monday", testId: "snooze-quick-monday", pick: nextMondayAtNine },
] as const;

/** Snoozes an activity until a date and time (R7). */
export function SnoozeDialog({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [now] = useState(() => new Date());
  const clock = useNow(10_000);
  const [value, setValue] = useState(() => toLocalInputValue(tomorrowAtNine(now)));
  const { run, busy, error } = useRunCommand();
  const until = fromLocalInputValue(value);
  const inFuture = until !== null && until.getTime() > clock.getTime();

  const save = async () => {
    if (!until) return;
    if (await run({ command: "snooze", activity: activity.id, until: toRfc3339(until) })) onClose();
  };

  return (
    <CommandDialog
      testId="snooze-dialog"
      title={t("dialogs.snooze.title")}
      subject={activity.subject}
      submitLabel={t("dialogs.snooze.save")}
      submitTestId="snooze-save"
      canSubmit={inFuture}
      busy={busy}
      error={error}
      onSubmit={() => void save()}
      onClose={onClose}
    >
      <div className={styles.quick} role="group" aria-label={t("dialogs.snooze.quick")}>
        {QUICK.map((q) => {
          const at = toLocalInputValue(q.pick(now));
          return (
            <ToggleButton
              key={q.id}
              size="small"
              shape="circular"
              data-testid={q.testId}
              checked={value === at}
              onClick={() => setValue(at)}
            >
              {t(`dialogs.snooze.quick_${q.id}`)}
            </ToggleButton>
          );
        })}
      </div>
      <Field
        label={t("dialogs.snooze.when")}
        validationState={until && !inFuture ? "error" : "none"}
        validationMessage={
          until && !inFuture
            ? t("errors.snooze_time_not_in_future")
            : until
              ? formatDateTime(until, i18n.language)
              : undefined
        }
      >
        <Input
          type="datetime-local"
          data-testid="snooze-when"
          value={value}
          onChange={(_, data) => setValue(data.value)}
        />
      </Field>
    </CommandDialog>
  );
}

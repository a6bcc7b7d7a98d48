import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Sparkle20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import type { SuggestedSendTime } from "../../../ipc/commands";
import { formatDateTime } from "../../../lib/relativeTime";
import { fromLocalInputValue, toLocalInputValue, toRfc3339 } from "../../../lib/snoozeTimes";
import { clockIn, firstName, tomorrowAtEight } from "../hooks/emailText";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  suggested: {
    display: "flex",
    alignItems: "flex-start",
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
  icon: { flexShrink: 0, color: tokens.colorBrandForeground1 },
});

export type ScheduleDialogProps = {
  contactName: string;
  /** R17: the time email engagement suggests, when the administrator turned it on. */
  suggested: SuggestedSendTime | null;
  busy: boolean;
  /** The moment chosen, as the back end takes it (RFC 3339, UTC). */
  onSchedule: (sendAt: string) => void;
  onClose: () => void;
};

/**
 * R17: Schedule. The time picker starts at the suggested send time, said with its reason
 * (the contact's clock now), or tomorrow at 08:00; the seller may pick any time ahead.
 */
export function ScheduleDialog({
  contactName,
  suggested,
  busy,
  onSchedule,
  onClose,
}: ScheduleDialogProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const clock = useNow(10_000);
  const [opened] = useState(() => new Date());
  const [proposed] = useState(() =>
    toLocalInputValue(suggested ? new Date(suggested.at) : tomorrowAtEight(opened)),
  );
  const [value, setValue] = useState(proposed);
  const at = fromLocalInputValue(value);
  const inFuture = at !== null && at.getTime() > clock.getTime();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (at && inFuture && !busy) onSchedule(toRfc3339(at));
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && !busy && onClose()}>
      <DialogSurface data-testid="email-schedule-dialog" aria-describedby={undefined}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{t("email.schedule.title")}</DialogTitle>
            <DialogContent className={styles.content}>
              {suggested && (
                <div className={styles.suggested}>
                  <Sparkle20Regular className={styles.icon} aria-hidden />
                  <Text data-testid="email-suggested">
                    {t(`email.schedule.suggested.${suggested.reason}`, {
                      local: clockIn(
                        new Date(suggested.at),
                        suggested.timeZone,
                        i18n.language,
                        suggested.local,
                      ),
                      localNow: clockIn(
                        opened,
                        suggested.timeZone,
                        i18n.language,
                        suggested.localNow,
                      ),
                      timeZone: suggested.timeZone,
                      name: firstName(contactName),
                    })}
                  </Text>
                </div>
              )}
              <Field
                label={t("email.schedule.when")}
                validationState={at && !inFuture ? "error" : "none"}
                validationMessage={
                  at && !inFuture
                    ? t("email.schedule.notFuture")
                    : at
                      ? formatDateTime(at, i18n.language)
                      : undefined
                }
              >
                <Input
                  type="datetime-local"
                  data-testid="email-send-at"
                  value={value}
                  onChange={(_, data) => setValue(data.value)}
                />
              </Field>
              {suggested && value !== proposed && (
                <Button
                  appearance="transparent"
                  size="small"
                  data-testid="email-use-suggested"
                  onClick={() => setValue(proposed)}
                >
                  {t("email.schedule.useSuggested")}
                </Button>
              )}
            </DialogContent>
            <DialogActions>
              <Button disabled={busy} onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button
                appearance="primary"
                type="submit"
                data-testid="email-schedule-confirm"
                disabled={!inFuture || busy}
                icon={busy ? <Spinner size="tiny" /> : undefined}
              >
                {t("email.schedule.confirm")}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

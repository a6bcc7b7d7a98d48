import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { AlertOn16Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import { formatClockTime } from "../../../lib/relativeTime";

export type DoNotDisturbProps = {
  /** Do not disturb until then (an instant); nothing shows once it has passed. */
  until: string | null;
  busy: boolean;
  onTurnOff: () => void;
};

/** "Do not disturb until 08:00", and the button that turns notifications back on. */
export function DoNotDisturb({ until, busy, onTurnOff }: DoNotDisturbProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const end = until ? new Date(until) : null;
  if (!end || Number.isNaN(end.getTime()) || end <= now) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="notify-dnd">
      <MessageBarBody>
        {t("settings.notifications.dndUntil", { time: formatClockTime(end, i18n.language) })}
      </MessageBarBody>
      <MessageBarActions>
        <Button
          size="small"
          icon={<AlertOn16Regular />}
          disabledFocusable={busy}
          data-testid="notify-dnd-off"
          onClick={onTurnOff}
        >
          {t("settings.notifications.dndOff")}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

import {
  Badge,
  Caption1,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import type { Activity, ActivityState } from "../../../ipc/commands";
import { ActivityIcon } from "../../../lib/ActivityIcon";
import { callOutcomeText } from "../../../lib/callOutcome";
import { formatDateTime, formatRelative } from "../../../lib/relativeTime";

const COLOURS: Record<ActivityState, BadgeProps["color"]> = {
  open: "brand",
  completed: "success",
  skipped: "warning",
  cancelled: "danger",
  pending: "informative",
};

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "grid",
    gridTemplateColumns: "28px minmax(0, 1fr) auto",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "center",
    paddingBlock: tokens.spacingVerticalXS,
  },
  body: { display: "flex", flexDirection: "column", minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Closed activities, newest first, each with a coloured state badge. */
export function CompletedList({ activities }: { activities: Activity[] }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const now = useNow();
  return (
    <ol className={styles.list}>
      {activities.map((a) => {
        const closed = a.closedAt ? new Date(a.closedAt) : null;
        return (
          <li
            key={a.id}
            className={styles.item}
            data-testid="upnext-completed-item"
            data-activity-id={a.id}
            data-state={a.state}
          >
            <ActivityIcon type={a.type} teamsMeeting={a.joinUrl !== null} size="small" />
            <div className={styles.body}>
              <Text>{a.subject}</Text>
              {closed && (
                <Caption1 className={styles.muted}>
                  <time
                    dateTime={a.closedAt ?? undefined}
                    title={formatDateTime(closed, i18n.language)}
                  >
                    {formatRelative(closed, now, i18n.language)}
                  </time>
                </Caption1>
              )}
              {a.call && (
                <Caption1 className={styles.muted} data-testid="upnext-call-details">
                  {a.call.number}
                  {a.call.outcome &&
                    ` · ${callOutcomeText(a.call.outcome, a.call.durationSecs, t)}`}
                </Caption1>
              )}
            </div>
            <Badge appearance="tint" color={COLOURS[a.state]}>
              {t(`common.state.${a.state}`)}
            </Badge>
          </li>
        );
      })}
    </ol>
  );
}

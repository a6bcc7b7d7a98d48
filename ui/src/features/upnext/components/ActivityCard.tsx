import {
  Badge,
  Caption1,
  Link,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { HourglassHalf16Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { callOutcomeText } from "../../../lib/callOutcome";
import { useNow } from "../../../hooks/useNow";
import type { ActivityAction, ActivityView, DirectoryView } from "../../../ipc/commands";
import { ActivityIcon } from "../../../lib/ActivityIcon";
import { activityTypeKey } from "../../../lib/activityTypeKey";
import { assigneeName } from "../../../lib/directory";
import { formatDateTime, formatRelative } from "../../../lib/relativeTime";
import { ActivityActions } from "./ActivityActions";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  active: { borderLeft: `4px solid ${tokens.colorBrandStroke1}` },
  compact: { boxShadow: "none", border: `1px solid ${tokens.colorNeutralStroke2}` },
  body: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  meta: { color: tokens.colorNeutralForeground3 },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  waiting: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
  actions: { gridColumn: "2" },
  skipping: { opacity: 0.6 },
  badge: { alignSelf: "flex-start" },
  subjectLink: { fontWeight: "inherit", textAlign: "start" },
});

export type ActivityCardProps = {
  testId: string;
  view: ActivityView;
  variant: "active" | "waiting" | "manual";
  directory: DirectoryView | null;
  skipping: boolean;
  /** A change of this activity's did not land in Dynamics 365 (the panel says which). */
  notSynced: boolean;
  onMain: (view: ActivityView) => void;
  onAction: (view: ActivityView, action: ActivityAction) => void;
  /** R18: a meeting's title opens its details (a Teams meeting's main action joins it). */
  onDetails?: (view: ActivityView) => void;
};

/** One open activity in the Up Next panel with everything the seller can do to it. */
export function ActivityCard(props: ActivityCardProps) {
  const { testId, view, variant, directory, skipping, notSynced, onMain, onAction, onDetails } =
    props;
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const now = useNow();
  const { activity } = view;
  const due = new Date(activity.due);
  const overdue = due.getTime() < now.getTime();
  const startsAt = new Date(activity.startsAt);
  const teams = activity.type === "meeting" && activity.joinUrl !== null;
  const startsIn =
    variant === "waiting"
      ? t("upnext.startsIn", { when: formatRelative(startsAt, now, i18n.language) })
      : null;

  return (
    <article
      className={mergeClasses(
        styles.root,
        variant === "active" && styles.active,
        variant === "manual" && styles.compact,
        skipping && styles.skipping,
      )}
      data-testid={testId}
      data-activity-id={activity.id}
      aria-label={activity.subject}
    >
      <ActivityIcon type={activity.type} teamsMeeting={teams} />
      <div className={styles.body}>
        {startsIn && (
          <Caption1 className={styles.waiting} data-testid="upnext-starts-in">
            <HourglassHalf16Regular aria-hidden />
            <time dateTime={activity.startsAt} title={formatDateTime(startsAt, i18n.language)}>
              {startsIn}
            </time>
          </Caption1>
        )}
        <Text weight="semibold" size={variant === "manual" ? 300 : 400}>
          {activity.type === "meeting" && onDetails ? (
            <Link
              as="button"
              inline
              appearance="subtle"
              className={styles.subjectLink}
              title={t("meetings.details.open")}
              data-testid="meeting-open-details"
              onClick={() => onDetails(view)}
            >
              {activity.subject}
            </Link>
          ) : (
            activity.subject
          )}
        </Text>
        <Caption1 className={styles.meta}>
          {t(activityTypeKey(activity.type, teams))}
          {" · "}
          {activity.call ? (
            // A call made or taken in Nextline: how it went, not a due date (R14).
            <span data-testid="upnext-call-outcome">
              {activity.call.outcome
                ? callOutcomeText(activity.call.outcome, activity.call.durationSecs, t)
                : t("upnext.callGoingOn")}
              {" · "}
              {activity.call.number}
            </span>
          ) : (
            <time
              dateTime={activity.due}
              title={formatDateTime(due, i18n.language)}
              className={overdue ? styles.overdue : undefined}
            >
              {overdue
                ? t("upnext.overdue", { when: formatRelative(due, now, i18n.language) })
                : t("upnext.due", { when: formatRelative(due, now, i18n.language) })}
            </time>
          )}
          {" · "}
          {t("upnext.assignedTo", { name: assigneeName(directory, activity.assignee) })}
        </Caption1>
        {skipping && (
          <Badge appearance="tint" color="warning" size="small" className={styles.badge}>
            {t("upnext.skipping")}
          </Badge>
        )}
        {notSynced && (
          <Badge
            appearance="filled"
            color="danger"
            size="small"
            className={styles.badge}
            data-testid="activity-not-synced"
          >
            {t("upnext.syncIssue.notSynced")}
          </Badge>
        )}
      </div>
      <div className={styles.actions}>
        <ActivityActions
          view={view}
          primary={variant !== "manual"}
          mainBlocked={startsIn}
          onMain={onMain}
          onAction={onAction}
        />
      </div>
    </article>
  );
}

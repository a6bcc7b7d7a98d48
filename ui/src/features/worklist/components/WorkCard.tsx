import {
  Badge,
  Caption1,
  Card,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Clock16Regular, Person16Regular, Warning16Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { WorkListCard } from "../../../ipc/commands";
import { formatDateTime, formatRelative } from "../../../lib/relativeTime";
import { ActivityIcon } from "./ActivityIcon";

const useStyles = makeStyles({
  item: {
    listStyleType: "none",
  },
  card: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr) auto",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "start",
  },
  main: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  titleRow: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  ellipsis: {
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  secondary: {
    color: tokens.colorNeutralForeground3,
  },
  meta: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-end",
    rowGap: tokens.spacingVerticalXXS,
    textAlign: "end",
  },
  due: {
    color: tokens.colorNeutralForeground2,
    whiteSpace: "nowrap",
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  inline: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
  outsideHours: {
    color: tokens.colorPaletteDarkOrangeForeground1,
  },
});

export type WorkCardProps = { card: WorkListCard; now: Date };

/** One open activity on the work list, with the record it belongs to. */
export function WorkCard({ card, now }: WorkCardProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const due = new Date(card.due);
  const overdue = card.dueBucket === "overdue";
  const relative = formatRelative(due, now, i18n.language);

  return (
    <li
      role="listitem"
      className={styles.item}
      data-testid="worklist-card"
      data-record-id={card.recordId}
      data-activity-id={card.activityId}
    >
      <Card className={styles.card} size="medium">
        <ActivityIcon type={card.activityType} teamsMeeting={card.teamsMeeting} />

        <div className={styles.main}>
          <div className={styles.titleRow}>
            <Text weight="bold" className={styles.ellipsis} data-testid="worklist-card-name">
              {card.name}
            </Text>
            <Badge appearance="outline" size="small" color="informative">
              {t(`worklist.recordKind.${card.recordKind}`)}
            </Badge>
          </div>
          <Caption1 className={mergeClasses(styles.secondary, styles.ellipsis)}>
            {[card.company, card.contactName].filter(Boolean).join(" · ")}
          </Caption1>
          <Text className={styles.ellipsis} data-testid="worklist-card-subject">
            {card.subject}
          </Text>
        </div>

        <div className={styles.meta}>
          <Caption1
            className={mergeClasses(styles.due, overdue && styles.overdue)}
            data-testid="worklist-card-due"
            data-overdue={overdue}
          >
            {overdue && <>{t("worklist.overdue")} · </>}
            <time dateTime={card.due} title={formatDateTime(due, i18n.language)}>
              {relative}
            </time>
          </Caption1>
          {!card.ownedByMe && (
            <Caption1 className={styles.inline} data-testid="worklist-card-owner">
              <Person16Regular aria-hidden />
              {t("worklist.owner", { name: card.ownerName })}
            </Caption1>
          )}
          {card.localTime && (
            <Caption1
              className={mergeClasses(
                styles.inline,
                !card.localTime.withinCallingHours && styles.outsideHours,
              )}
              data-testid="worklist-card-local-time"
            >
              {card.localTime.withinCallingHours ? (
                <Clock16Regular aria-hidden />
              ) : (
                <Warning16Regular aria-hidden />
              )}
              {t("worklist.localTime", {
                time: card.localTime.time,
                timeZone: card.localTime.timeZone,
              })}
              {!card.localTime.withinCallingHours && <> · {t("worklist.outsideCallingHours")}</>}
            </Caption1>
          )}
        </div>
      </Card>
    </li>
  );
}

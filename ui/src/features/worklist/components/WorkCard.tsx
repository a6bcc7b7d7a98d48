import {
  Badge,
  Caption1,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Clock12Regular, Person12Regular, Warning12Regular } from "@fluentui/react-icons";
import { memo, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { WorkListCard } from "../../../ipc/commands";
import { ActivityIcon } from "../../../lib/ActivityIcon";
import { formatDateTime, formatRelative } from "../../../lib/relativeTime";
import { formatShortDateTime } from "../../../lib/shortDateTime";
import { QuickActions, type QuickAction } from "./QuickActions";

const useStyles = makeStyles({
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    boxSizing: "border-box",
    paddingBlock: "3px",
    paddingInline: tokens.spacingHorizontalS,
    outlineStyle: "none",
    cursor: "pointer",
    // Each row paints on its own: scrolling never repaints its neighbours.
    contain: "layout paint style",
    ":hover .quick-actions": { opacity: 1, pointerEvents: "auto" },
    ":focus-within .quick-actions": { opacity: 1, pointerEvents: "auto" },
    ":focus-visible > div": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "1px",
    },
  },
  card: {
    position: "relative",
    height: "100%",
    boxSizing: "border-box",
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    // A hairline instead of a shadow: shadows are what makes scrolling slow where the
    // webview renders in software (many Linux desktops, VMs).
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `3px solid transparent`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    borderLeftColor: tokens.colorBrandStroke1,
    ":hover": { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  cell: {
    display: "flex",
    columnGap: tokens.spacingHorizontalM,
    height: "100%",
    minWidth: 0,
  },
  main: {
    display: "flex",
    flexDirection: "column",
    rowGap: "2px",
    minWidth: 0,
    flexGrow: 1,
  },
  line: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  grow: { flexGrow: 1, minWidth: 0 },
  ellipsis: {
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  secondary: { color: tokens.colorNeutralForeground3 },
  due: {
    flexShrink: 0,
    color: tokens.colorNeutralForeground2,
    whiteSpace: "nowrap",
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  meta: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
    minWidth: 0,
  },
  outsideHours: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

export type WorkCardProps = {
  card: WorkListCard;
  now: Date;
  selected: boolean;
  focusable: boolean;
  top: number;
  height: number;
  rowIndex: number;
  onSelect: (card: WorkListCard) => void;
  onOpen: (card: WorkListCard) => void;
  onQuickAction: (card: WorkListCard, action: QuickAction) => void;
};

/** One open activity on the work list, with the record it belongs to: a row of the grid. */
export const WorkCard = memo(function WorkCard({
  card,
  now,
  selected,
  focusable,
  top,
  height,
  rowIndex,
  onSelect,
  onOpen,
  onQuickAction,
}: WorkCardProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const due = new Date(card.due);
  const overdue = card.dueBucket === "overdue";

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && event.target === event.currentTarget) {
      event.preventDefault();
      onOpen(card);
    }
  };

  return (
    <div
      role="row"
      aria-rowindex={rowIndex + 1}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      className={styles.row}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="worklist-card"
      data-record-id={card.recordId}
      data-activity-id={card.activityId}
      onClick={() => onSelect(card)}
      onKeyDown={onKeyDown}
    >
      <div className={mergeClasses(styles.card, selected && styles.selected)}>
        <div role="gridcell" className={styles.cell}>
          <ActivityIcon type={card.activityType} teamsMeeting={card.teamsMeeting} />
          <div className={styles.main}>
            <div className={styles.line}>
              <Text
                weight="semibold"
                className={mergeClasses(styles.ellipsis, styles.grow)}
                data-testid="worklist-card-name"
              >
                {card.name}
              </Text>
              <Caption1
                className={mergeClasses(styles.due, overdue && styles.overdue)}
                data-testid="worklist-card-due"
                data-overdue={overdue}
              >
                {overdue && <>{t("worklist.overdue")} · </>}
                <time dateTime={card.due} title={formatDateTime(due, i18n.language)}>
                  {card.activityType === "meeting"
                    ? // R18: a meeting is due when it starts; the seller wants its time.
                      formatShortDateTime(due, now, i18n.language)
                    : formatRelative(due, now, i18n.language)}
                </time>
              </Caption1>
            </div>
            <div className={styles.line}>
              <Caption1 className={mergeClasses(styles.secondary, styles.ellipsis, styles.grow)}>
                {[card.company, card.contactName].filter(Boolean).join(" · ")}
              </Caption1>
              <Badge appearance="outline" size="small" color="informative">
                {t(`common.recordKind.${card.recordKind}`)}
              </Badge>
            </div>
            <div className={styles.line}>
              <Text
                size={200}
                className={mergeClasses(styles.ellipsis, styles.grow)}
                data-testid="worklist-card-subject"
              >
                {card.subject}
              </Text>
              {card.startsLater && (
                <Badge
                  appearance="tint"
                  size="small"
                  color="subtle"
                  data-testid="worklist-card-starts-later"
                >
                  {t("worklist.startsLater")}
                </Badge>
              )}
            </div>
            {card.localTime && (
              <Caption1
                className={mergeClasses(
                  styles.meta,
                  !card.localTime.withinCallingHours && styles.outsideHours,
                )}
                data-testid="worklist-card-local-time"
              >
                {card.localTime.withinCallingHours ? (
                  <Clock12Regular aria-hidden />
                ) : (
                  <Warning12Regular aria-hidden />
                )}
                <span className={styles.ellipsis}>
                  {t("worklist.localTime", {
                    time: card.localTime.time,
                    timeZone: card.localTime.timeZone,
                  })}
                  {!card.localTime.withinCallingHours && (
                    <> · {t("worklist.outsideCallingHours")}</>
                  )}
                </span>
              </Caption1>
            )}
            {!card.ownedByMe && (
              <Caption1 className={styles.meta} data-testid="worklist-card-owner">
                <Person12Regular aria-hidden />
                <span className={styles.ellipsis}>
                  {t("worklist.owner", { name: card.ownerName })}
                </span>
              </Caption1>
            )}
          </div>
        </div>
        <QuickActions card={card} tabbable={focusable} onAction={onQuickAction} />
      </div>
    </div>
  );
});

import { Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { GroupBy } from "../../../ipc/commands";

const useStyles = makeStyles({
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    display: "flex",
    alignItems: "flex-end",
    boxSizing: "border-box",
    paddingInline: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground2,
  },
});

export type GroupHeaderProps = {
  group: string;
  groupBy: GroupBy;
  top: number;
  height: number;
  rowIndex: number;
};

/** The title above a group of cards, e.g. "Overdue" or "Phone calls". */
export const GroupHeader = memo(function GroupHeader({
  group,
  groupBy,
  top,
  height,
  rowIndex,
}: GroupHeaderProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const label =
    groupBy === "dueBucket" ? t(`worklist.dueBucket.${group}`) : t(`worklist.groupType.${group}`);
  return (
    <div
      role="row"
      aria-rowindex={rowIndex + 1}
      className={styles.row}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="worklist-group-header"
      data-group={group}
    >
      <Subtitle2 role="rowheader">{label}</Subtitle2>
    </div>
  );
});

import { Button, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { FilterDismiss20Regular, TaskListSquareLtr48Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    rowGap: tokens.spacingVerticalS,
    paddingBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalXL,
    textAlign: "center",
  },
  icon: { color: tokens.colorBrandForeground1 },
  title: { margin: 0 },
  body: { maxWidth: "48ch", color: tokens.colorNeutralForeground2 },
});

/** What to do when the list is empty: add work, or clear the filters that hide it. */
export function EmptyState({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.root} data-testid="worklist-empty" data-filtered={filtered}>
      <TaskListSquareLtr48Regular className={styles.icon} aria-hidden />
      <Subtitle2 as="h3" className={styles.title}>
        {filtered ? t("worklist.noMatchTitle") : t("worklist.emptyTitle")}
      </Subtitle2>
      <Text className={styles.body}>
        {filtered ? t("worklist.noMatchBody") : t("worklist.emptyBody")}
      </Text>
      {filtered && (
        <Button
          icon={<FilterDismiss20Regular />}
          onClick={onClear}
          data-testid="worklist-clear-filters"
        >
          {t("worklist.clearFilters")}
        </Button>
      )}
    </div>
  );
}

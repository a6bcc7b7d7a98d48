import { Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { PanelLeftText48Regular } from "@fluentui/react-icons";
import { forwardRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

const useStyles = makeStyles({
  root: {
    flexGrow: 1,
    minWidth: 0,
    overflowY: "auto",
    backgroundColor: tokens.colorNeutralBackground2,
    outlineStyle: "none",
  },
  inner: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXL,
    maxWidth: "880px",
    marginInline: "auto",
    paddingBlock: tokens.spacingVerticalXL,
    paddingInline: tokens.spacingHorizontalXXL,
  },
  empty: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    rowGap: tokens.spacingVerticalS,
    paddingBlock: "96px",
    textAlign: "center",
    color: tokens.colorNeutralForeground3,
  },
  icon: { color: tokens.colorBrandForeground1 },
});

/** The right-hand pane: the selected record, or a hint to pick one. */
export const RecordPane = forwardRef<HTMLElement, { children: ReactNode | null }>(
  function RecordPane({ children }, ref) {
    const styles = useStyles();
    const { t } = useTranslation();
    return (
      <main ref={ref} className={styles.root} tabIndex={-1} aria-label={t("record.label")}>
        <div className={styles.inner}>
          {children ?? (
            <div className={styles.empty} data-testid="record-empty">
              <PanelLeftText48Regular className={styles.icon} aria-hidden />
              <Subtitle2 as="h2">{t("record.emptyTitle")}</Subtitle2>
              <Text>{t("record.emptyBody")}</Text>
            </div>
          )}
        </div>
      </main>
    );
  },
);

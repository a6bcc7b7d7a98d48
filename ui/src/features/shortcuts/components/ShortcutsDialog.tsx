import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { SHORTCUTS } from "../hooks/shortcutKeys";

const useStyles = makeStyles({
  list: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  keys: { display: "flex", columnGap: tokens.spacingHorizontalXS, margin: 0 },
  kbd: {
    minWidth: "24px",
    paddingInline: tokens.spacingHorizontalXS,
    textAlign: "center",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    borderRadius: tokens.borderRadiusSmall,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  what: { margin: 0 },
});

const KEY_NAMES: Record<string, string> = { ArrowDown: "↓", ArrowUp: "↑", Enter: "Enter" };

/** Every keyboard shortcut, for "?". */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="shortcuts-dialog">
        <DialogBody>
          <DialogTitle>{t("shortcuts.title")}</DialogTitle>
          <DialogContent>
            <dl className={styles.list}>
              {SHORTCUTS.map((s) => (
                <Fragment key={s.action}>
                  <dt className={styles.keys}>
                    {s.keys.map((k) => (
                      <kbd key={k} className={styles.kbd}>
                        {KEY_NAMES[k] ?? k}
                      </kbd>
                    ))}
                  </dt>
                  <dd className={styles.what}>{t(`shortcuts.action.${s.action}`)}</dd>
                </Fragment>
              ))}
              <dt className={styles.keys}>
                <kbd className={styles.kbd}>Esc</kbd>
              </dt>
              <dd className={styles.what}>{t("shortcuts.action.close")}</dd>
            </dl>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose} data-testid="shortcuts-close">
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

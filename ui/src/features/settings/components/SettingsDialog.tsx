import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  usePreferences,
  type LanguagePreference,
  type ThemePreference,
} from "../hooks/preferences";

const useStyles = makeStyles({
  content: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
  },
  version: {
    color: tokens.colorNeutralForeground3,
  },
});

export type SettingsDialogProps = {
  open: boolean;
  onClose: () => void;
  version: string | null;
};

/** Language and theme, remembered between launches. */
export function SettingsDialog({ open, onClose, version }: SettingsDialogProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { preferences, setPreferences } = usePreferences();

  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="settings-dialog" aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{t("settings.title")}</DialogTitle>
          <DialogContent className={styles.content}>
            <Field label={t("settings.language")}>
              <Select
                data-testid="settings-language"
                value={preferences.language}
                onChange={(_, data) =>
                  setPreferences({ language: data.value as LanguagePreference })
                }
              >
                {/* Each language is named in itself, so anyone can find their own. */}
                <option value="en" lang="en">
                  English
                </option>
                <option value="el" lang="el">
                  Ελληνικά
                </option>
                <option value="system">{t("settings.followSystem")}</option>
              </Select>
            </Field>
            <Field label={t("settings.theme")}>
              <Select
                data-testid="settings-theme"
                value={preferences.theme}
                onChange={(_, data) => setPreferences({ theme: data.value as ThemePreference })}
              >
                <option value="system">{t("settings.followSystem")}</option>
                <option value="light">{t("settings.light")}</option>
                <option value="dark">{t("settings.dark")}</option>
              </Select>
            </Field>
            {version && (
              <Caption1 className={styles.version}>{t("settings.version", { version })}</Caption1>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" data-testid="settings-close" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

import { Caption1, Field, Select, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  usePreferences,
  type LanguagePreference,
  type ThemePreference,
} from "../hooks/preferences";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  version: { color: tokens.colorNeutralForeground3 },
});

/** Language and theme, remembered between launches. */
export function GeneralSettings({ version }: { version: string | null }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { preferences, setPreferences } = usePreferences();
  return (
    <div className={styles.root}>
      <Field label={t("settings.language")}>
        <Select
          data-testid="settings-language"
          value={preferences.language}
          onChange={(_, data) => setPreferences({ language: data.value as LanguagePreference })}
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
    </div>
  );
}

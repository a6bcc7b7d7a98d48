import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ipc/commands";
import { useDesktopPrefs } from "../hooks/useDesktopPrefs";
import { DoNotDisturb } from "./DoNotDisturb";
import { NotificationsEditor } from "./NotificationsEditor";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
});

/**
 * Settings → Notifications: the tray and start at login, quiet hours, the meeting reminder's
 * lead, and do not disturb (set from the tray) turned off.
 */
export function NotificationSettings() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const desktop = useDesktopPrefs();
  const { prefs, loadError, busy, error, done } = desktop;

  return (
    <div className={styles.root} data-testid="notification-settings">
      <Text className={styles.intro}>{t("settings.notifications.intro")}</Text>
      {!prefs && loadError === null && (
        <Spinner size="small" label={t("settings.notifications.loading")} />
      )}
      {loadError !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="notify-load-error">
          <MessageBarBody>
            <MessageBarTitle>{t("settings.notifications.loadError")}</MessageBarTitle>
            {errorMessage(loadError, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {prefs && (
        <>
          <DoNotDisturb
            until={prefs.notify.dndUntil}
            busy={busy === "dndOff"}
            onTurnOff={() => void desktop.turnDndOff()}
          />
          <NotificationsEditor
            prefs={prefs}
            saving={busy === "save"}
            onSave={(form) => void desktop.save(form)}
          />
        </>
      )}
      {error && (
        <MessageBar intent="error" layout="multiline" data-testid="notify-error">
          <MessageBarBody>
            <MessageBarTitle>
              {error.during === "save"
                ? t("settings.notifications.saveError")
                : t("settings.notifications.dndOffError")}
            </MessageBarTitle>
            {errorMessage(error.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {done && (
        <MessageBar intent="success" layout="multiline" data-testid="notify-done">
          <MessageBarBody>
            {done === "saved"
              ? t("settings.notifications.saved")
              : t("settings.notifications.dndOffDone")}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

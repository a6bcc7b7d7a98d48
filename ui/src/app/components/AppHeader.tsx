import {
  Avatar,
  Badge,
  Button,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Dialpad20Regular, Keyboard20Regular, Settings20Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { RegistrationIndicator } from "../../features/calling";
import { SyncIndicator } from "../../features/sync";
import type { AppInfo, PhoneStatus, SyncStatus } from "../../ipc/commands";

const useStyles = makeStyles({
  root: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  logo: { width: "28px", height: "28px", flexShrink: 0 },
  name: { margin: 0 },
  spacer: { flexGrow: 1 },
  user: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  phone: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    minWidth: 0,
    paddingInlineEnd: tokens.spacingHorizontalS,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

export type AppHeaderProps = {
  info: AppInfo | null;
  phone: PhoneStatus | null;
  /** The sync with Dynamics 365; shown only once connected. */
  sync: SyncStatus | null;
  onOpenPhoneSettings: () => void;
  onOpenSyncSettings: () => void;
  onOpenDialPad: () => void;
  onOpenSettings: () => void;
  onOpenShortcuts: () => void;
};

/**
 * The bar along the top: app name, demo marker, the sync with Dynamics 365, the phone (its
 * status and the dial pad), who is signed in, shortcuts and settings.
 */
export function AppHeader(props: AppHeaderProps) {
  const {
    info,
    phone,
    sync,
    onOpenPhoneSettings,
    onOpenSyncSettings,
    onOpenDialPad,
    onOpenSettings,
    onOpenShortcuts,
  } = props;
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <header className={styles.root}>
      <img className={styles.logo} src="./icon.svg" alt="" aria-hidden />
      <Text as="h1" size={500} weight="semibold" className={styles.name}>
        {t("app.name")}
      </Text>
      {info?.demo && (
        <Badge
          appearance="tint"
          color="warning"
          data-testid="demo-badge"
          title={t("app.demoDataHint")}
        >
          {t("app.demoData")}
        </Badge>
      )}
      <span className={styles.spacer} />
      <SyncIndicator status={sync} onOpen={onOpenSyncSettings} />
      {phone && (
        <div className={styles.phone}>
          <RegistrationIndicator status={phone} onOpen={onOpenPhoneSettings} />
          <Tooltip content={t("calling.dialPad")} relationship="label">
            <Button
              appearance="subtle"
              icon={<Dialpad20Regular />}
              onClick={onOpenDialPad}
              data-testid="open-dial-pad"
            />
          </Tooltip>
        </div>
      )}
      {info && (
        <span className={styles.user} title={t("app.signedInAs", { name: info.currentUser.name })}>
          <Avatar name={info.currentUser.name} size={28} color="colorful" aria-hidden />
          <Text data-testid="current-user">{info.currentUser.name}</Text>
        </span>
      )}
      <Tooltip content={t("shortcuts.open")} relationship="label">
        <Button
          appearance="subtle"
          icon={<Keyboard20Regular />}
          onClick={onOpenShortcuts}
          data-testid="open-shortcuts"
        />
      </Tooltip>
      <Tooltip content={t("settings.open")} relationship="label">
        <Button
          appearance="subtle"
          icon={<Settings20Regular />}
          onClick={onOpenSettings}
          data-testid="open-settings"
        />
      </Tooltip>
    </header>
  );
}

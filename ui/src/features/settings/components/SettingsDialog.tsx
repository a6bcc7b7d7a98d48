import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  Alert20Regular,
  Call20Regular,
  Mail20Regular,
  Chat20Regular,
  Cloud20Regular,
  Options20Regular,
} from "@fluentui/react-icons";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PhoneStatus } from "../../../ipc/commands";
import { CRM_NAME, type SyncState } from "../../sync";
import { CrmSettings } from "./CrmSettings";
import { EmailSettings } from "./EmailSettings";
import { GeneralSettings } from "./GeneralSettings";
import { NotificationSettings } from "./NotificationSettings";
import { PhoneSettings } from "./PhoneSettings";
import { TextSettings } from "./TextSettings";

export type SettingsSection = "general" | "phone" | "crm" | "notifications" | "texts" | "email";

const NO_SYNC: SyncState = { status: null, error: null };

const useStyles = makeStyles({
  surface: { maxWidth: "640px", width: "calc(100vw - 48px)" },
  // Six sections: a second row rather than tabs cut off (Greek names are long).
  tabs: { flexWrap: "wrap" },
  content: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
  },
});

export type SettingsDialogProps = {
  open: boolean;
  onClose: () => void;
  version: string | null;
  /** The section to open on ("phone" from the phone's status or a refused call). */
  section?: SettingsSection;
  /** The phone's live status, shown in the phone section. */
  phone?: PhoneStatus | null;
  /** The sync with Dynamics 365, live, shown in its section. */
  sync?: SyncState;
};

/**
 * Language and theme; the phone: the SIP account and the sound devices; email: the mail
 * server (when not connected to Dynamics 365) and the signature; Dynamics 365: the
 * connection, the sync and the changes waiting to be sent; notifications: the tray, start at
 * login, quiet hours, meeting reminders and do not disturb.
 */
export function SettingsDialog({
  open,
  onClose,
  version,
  section = "general",
  phone = null,
  sync = NO_SYNC,
}: SettingsDialogProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [tab, setTab] = useState<SettingsSection>(section);
  const panelId = useId();
  const tabName: Record<SettingsSection, string> = {
    general: t("settings.general"),
    phone: t("settings.phone.tab"),
    email: t("email.settings.tab"),
    crm: CRM_NAME,
    notifications: t("settings.notifications.tab"),
    texts: t("texts.settings.tab"),
  };

  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface
        className={styles.surface}
        data-testid="settings-dialog"
        aria-describedby={undefined}
      >
        <DialogBody>
          <DialogTitle>{t("settings.title")}</DialogTitle>
          <DialogContent className={styles.content}>
            <TabList
              className={styles.tabs}
              selectedValue={tab}
              onTabSelect={(_, data) => setTab(data.value as SettingsSection)}
              aria-label={t("settings.sections")}
            >
              <Tab
                value="general"
                icon={<Options20Regular />}
                data-testid="settings-general-tab"
                aria-controls={panelId}
              >
                {t("settings.general")}
              </Tab>
              <Tab
                value="phone"
                icon={<Call20Regular />}
                data-testid="settings-phone-tab"
                aria-controls={panelId}
              >
                {t("settings.phone.tab")}
              </Tab>
              <Tab
                value="email"
                icon={<Mail20Regular />}
                data-testid="settings-email-tab"
                aria-controls={panelId}
              >
                {tabName.email}
              </Tab>
              <Tab
                value="texts"
                icon={<Chat20Regular />}
                data-testid="settings-texts-tab"
                aria-controls={panelId}
              >
                {tabName.texts}
              </Tab>
              <Tab
                value="crm"
                icon={<Cloud20Regular />}
                data-testid="settings-crm-tab"
                aria-controls={panelId}
              >
                {CRM_NAME}
              </Tab>
              <Tab
                value="notifications"
                icon={<Alert20Regular />}
                data-testid="settings-tab-notifications"
                aria-controls={panelId}
              >
                {tabName.notifications}
              </Tab>
            </TabList>
            <div role="tabpanel" id={panelId} aria-label={tabName[tab]}>
              {tab === "general" && <GeneralSettings version={version} />}
              {tab === "phone" && <PhoneSettings phone={phone} />}
              {tab === "email" && <EmailSettings connected={sync.status?.connection != null} />}
              {tab === "crm" && <CrmSettings sync={sync} />}
              {tab === "notifications" && <NotificationSettings />}
              {tab === "texts" && <TextSettings />}
            </div>
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

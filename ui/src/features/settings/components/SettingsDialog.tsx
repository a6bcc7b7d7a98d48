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
import { Call20Regular, Options20Regular } from "@fluentui/react-icons";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PhoneStatus } from "../../../ipc/commands";
import { GeneralSettings } from "./GeneralSettings";
import { PhoneSettings } from "./PhoneSettings";

export type SettingsSection = "general" | "phone";

const useStyles = makeStyles({
  surface: { maxWidth: "640px", width: "calc(100vw - 48px)" },
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
};

/** Language and theme, and the phone: the SIP account and the sound devices. */
export function SettingsDialog({
  open,
  onClose,
  version,
  section = "general",
  phone = null,
}: SettingsDialogProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [tab, setTab] = useState<SettingsSection>(section);
  const panelId = useId();

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
            </TabList>
            <div
              role="tabpanel"
              id={panelId}
              aria-label={t(tab === "phone" ? "settings.phone.tab" : "settings.general")}
            >
              {tab === "general" ? (
                <GeneralSettings version={version} />
              ) : (
                <PhoneSettings phone={phone} />
              )}
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

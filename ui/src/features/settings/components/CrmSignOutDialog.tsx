import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { CRM_NAME } from "../../sync";

export type CrmSignOutDialogProps = {
  open: boolean;
  busy: boolean;
  onSignOut: () => void;
  onClose: () => void;
};

/** Asks before signing out, and says that the changes waiting to be sent are kept. */
export function CrmSignOutDialog({ open, busy, onSignOut, onClose }: CrmSignOutDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="crm-sign-out-confirm">
        <DialogBody>
          <DialogTitle>{t("settings.crm.signOutTitle", { crm: CRM_NAME })}</DialogTitle>
          <DialogContent>{t("settings.crm.signOutConfirm")}</DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={busy}
              data-testid="crm-sign-out-yes"
              onClick={onSignOut}
            >
              {t("settings.crm.signOut")}
            </Button>
            <Button onClick={onClose}>{t("common.cancel")}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

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

export type DoNotPhoneDialogProps = {
  contactName: string;
  onContinue: () => void;
  onCancel: () => void;
};

/** Asks before calling a contact who asked not to be phoned (R13). */
export function DoNotPhoneDialog({ contactName, onContinue, onCancel }: DoNotPhoneDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface data-testid="dnp-warning">
        <DialogBody>
          <DialogTitle>{t("calling.dnpTitle")}</DialogTitle>
          <DialogContent>{t("calling.dnpBody", { name: contactName })}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" data-testid="dnp-cancel" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button appearance="primary" data-testid="dnp-continue" onClick={onContinue}>
              {t("calling.continue")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

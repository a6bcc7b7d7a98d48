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

export type DoNotTextDialogProps = {
  contactName: string;
  onSend: () => void;
  onCancel: () => void;
};

/** Asks before texting a contact who asked not to be texted. */
export function DoNotTextDialog({ contactName, onSend, onCancel }: DoNotTextDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface data-testid="text-dnt-confirm">
        <DialogBody>
          <DialogTitle>{t("texts.confirm.title", { name: contactName })}</DialogTitle>
          <DialogContent>{t("texts.confirm.body", { name: contactName })}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" data-testid="text-dnt-cancel" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button appearance="primary" data-testid="text-dnt-send" onClick={onSend}>
              {t("texts.confirm.send")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

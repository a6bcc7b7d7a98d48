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

export type ConfirmDialogProps = {
  title: string;
  body: string;
  /** The primary button's words ("Call anyway", "Send anyway"). */
  confirmLabel: string;
  /** The test ids of the dialog, its Cancel and its primary button. */
  testIds: { dialog: string; cancel: string; confirm: string };
  onConfirm: () => void;
  onCancel: () => void;
};

/** Asks the seller to confirm before going on (Cancel, or the primary button). */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  testIds,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface data-testid={testIds.dialog}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{body}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" data-testid={testIds.cancel} onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button appearance="primary" data-testid={testIds.confirm} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

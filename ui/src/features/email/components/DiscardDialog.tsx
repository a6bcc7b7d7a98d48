import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";

/** "Discard this email?": the composer's Discard, confirmed. */
export function DiscardDialog({
  busy,
  onConfirm,
  onClose,
}: {
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && !busy && onClose()}>
      <DialogSurface data-testid="email-discard-confirm">
        <DialogBody>
          <DialogTitle>{t("email.discard.title")}</DialogTitle>
          <DialogContent>{t("email.discard.body")}</DialogContent>
          <DialogActions>
            <Button data-testid="email-discard-no" disabled={busy} onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button
              appearance="primary"
              data-testid="email-discard-yes"
              disabled={busy}
              icon={busy ? <Spinner size="tiny" /> : undefined}
              onClick={onConfirm}
            >
              {t("email.discard.confirm")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

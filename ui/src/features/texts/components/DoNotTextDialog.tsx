import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../../lib/ConfirmDialog";

export type DoNotTextDialogProps = {
  contactName: string;
  onSend: () => void;
  onCancel: () => void;
};

/** Asks before texting a contact who asked not to be texted. */
export function DoNotTextDialog({ contactName, onSend, onCancel }: DoNotTextDialogProps) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t("texts.confirm.title", { name: contactName })}
      body={t("texts.confirm.body", { name: contactName })}
      confirmLabel={t("texts.confirm.send")}
      testIds={{ dialog: "text-dnt-confirm", cancel: "text-dnt-cancel", confirm: "text-dnt-send" }}
      onConfirm={onSend}
      onCancel={onCancel}
    />
  );
}

import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../../lib/ConfirmDialog";

export type DoNotPhoneDialogProps = {
  contactName: string;
  onContinue: () => void;
  onCancel: () => void;
};

/** Asks before calling a contact who asked not to be phoned (R13). */
export function DoNotPhoneDialog({ contactName, onContinue, onCancel }: DoNotPhoneDialogProps) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t("calling.dnpTitle")}
      body={t("calling.dnpBody", { name: contactName })}
      confirmLabel={t("calling.continue")}
      testIds={{ dialog: "dnp-warning", cancel: "dnp-cancel", confirm: "dnp-continue" }}
      onConfirm={onContinue}
      onCancel={onCancel}
    />
  );
}

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { Template } from "../../../ipc/commands";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

export type TemplateDialogProps = {
  template: Template;
  /** The subject the seller has, when the template would change it. */
  subject: string | null;
  /** Whether the seller wrote text the template replaces. */
  replacesText: boolean;
  onUse: (withSubject: boolean) => void;
  onClose: () => void;
};

/** Asks before a template replaces the seller's subject or text. */
export function TemplateDialog({
  template,
  subject,
  replacesText,
  onUse,
  onClose,
}: TemplateDialogProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="email-template-confirm">
        <DialogBody>
          <DialogTitle>{t("email.template.title", { name: template.name })}</DialogTitle>
          <DialogContent className={styles.content}>
            {subject !== null && (
              <Text>{t("email.template.subjectNow", { subject, template: template.subject })}</Text>
            )}
            {replacesText && <Text>{t("email.template.bodyReplaced")}</Text>}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t("common.cancel")}</Button>
            {subject !== null ? (
              <>
                <Button data-testid="email-template-keep-subject" onClick={() => onUse(false)}>
                  {t("email.template.keepSubject")}
                </Button>
                <Button
                  appearance="primary"
                  data-testid="email-template-use-subject"
                  onClick={() => onUse(true)}
                >
                  {t("email.template.useSubject")}
                </Button>
              </>
            ) : (
              <Button
                appearance="primary"
                data-testid="email-template-replace"
                onClick={() => onUse(true)}
              >
                {t("email.template.replace")}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

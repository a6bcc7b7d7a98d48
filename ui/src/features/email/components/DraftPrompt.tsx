import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Delete20Regular, Save20Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ipc/commands";
import type { DraftPromptState } from "../hooks/useDraftGuard";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  // Three buttons with icons: the whole width, so none wraps its label.
  actions: { justifyContent: "flex-end", flexWrap: "wrap" },
});

/**
 * R16: the email being written would be left for another record. Save draft keeps it (it
 * comes back when the composer opens again for its record), Discard deletes it, Cancel stays.
 */
export function DraftPrompt({ prompt }: { prompt: DraftPromptState | null }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  if (!prompt) return null;
  const { contactName, busy, error, onSave, onDiscard, onCancel } = prompt;
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface data-testid="draft-prompt">
        <DialogBody>
          <DialogTitle>{t("email.prompt.title")}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              {contactName
                ? t("email.prompt.body", { name: contactName })
                : t("email.prompt.bodyNoName")}
            </Text>
            {error !== null && (
              <MessageBar intent="error" layout="multiline" data-testid="draft-prompt-error">
                <MessageBarBody>
                  <MessageBarTitle>{t("email.prompt.error")}</MessageBarTitle>
                  {errorMessage(error, i18n)}
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions fluid className={styles.actions}>
            <Button data-testid="draft-cancel" disabled={busy !== null} onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button
              data-testid="draft-discard"
              icon={busy === "discard" ? <Spinner size="tiny" /> : <Delete20Regular />}
              disabled={busy !== null}
              onClick={onDiscard}
            >
              {t("email.prompt.discard")}
            </Button>
            <Button
              appearance="primary"
              data-testid="draft-save"
              icon={busy === "save" ? <Spinner size="tiny" /> : <Save20Regular />}
              disabled={busy !== null}
              onClick={onSave}
            >
              {t("email.prompt.save")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

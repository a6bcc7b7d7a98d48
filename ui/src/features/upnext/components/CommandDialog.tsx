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
  Spinner,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ipc/commands";

const useStyles = makeStyles({
  content: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
});

export type CommandDialogProps = {
  testId: string;
  title: string;
  subject: string;
  submitLabel: string;
  submitTestId: string;
  canSubmit: boolean;
  busy: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
};

/** The frame every action dialog shares: title, the activity, fields, error, Cancel and save. */
export function CommandDialog(props: CommandDialogProps) {
  const { testId, title, subject, submitLabel, submitTestId, canSubmit, busy, error } = props;
  const { onSubmit, onClose, children } = props;
  const styles = useStyles();
  const { t, i18n } = useTranslation();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit && !busy) onSubmit();
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid={testId}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.content}>
              <div>{subject}</div>
              {children}
              {error !== null && (
                <MessageBar intent="error" data-testid="command-error">
                  <MessageBarBody>{errorMessage(error, i18n)}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button
                appearance="primary"
                type="submit"
                data-testid={submitTestId}
                disabled={!canSubmit || busy}
                icon={busy ? <Spinner size="tiny" /> : undefined}
              >
                {submitLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

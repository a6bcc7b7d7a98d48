import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ipc/commands";
import { DismissibleNotice } from "../../../lib/DismissibleNotice";
import { FeedbackContext, type Notice } from "../hooks/feedback";
import { useDeferredSkip } from "../hooks/useDeferredSkip";

const useStyles = makeStyles({
  area: {
    position: "fixed",
    insetInlineEnd: tokens.spacingHorizontalXL,
    bottom: tokens.spacingVerticalXL,
    zIndex: 1000,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    width: "min(420px, calc(100vw - 48px))",
  },
  toast: { boxShadow: tokens.shadow16 },
});

const MAX_NOTICES = 3;
/** How long a confirmation stays (errors and warnings stay until dismissed). */
export const CONFIRMATION_MS = 6000;

/** Skip-with-undo and the notices about commands, shown at the bottom of the window. */
export function ActivityFeedbackProvider({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const push = useCallback((notice: Omit<Notice, "id">) => {
    const id = nextId.current++;
    setNotices((prev) => [...prev.slice(-(MAX_NOTICES - 1)), { ...notice, id }]);
  }, []);

  const reportError = useCallback(
    (title: string, error: unknown) =>
      push({ intent: "error", title, body: errorMessage(error, i18n) }),
    [push, i18n],
  );
  const warn = useCallback(
    (title: string, body: string) => push({ intent: "warning", title, body }),
    [push],
  );
  const confirm = useCallback(
    (title: string, body = "", testId?: string) => push({ intent: "success", title, body, testId }),
    [push],
  );

  // Confirmations go by themselves, the oldest first.
  const confirmation = notices.find((n) => n.intent === "success")?.id;
  useEffect(() => {
    if (confirmation === undefined) return;
    const timer = window.setTimeout(
      () => setNotices((prev) => prev.filter((n) => n.id !== confirmation)),
      CONFIRMATION_MS,
    );
    return () => window.clearTimeout(timer);
  }, [confirmation]);

  const skipFailed = useCallback(
    (e: unknown) => reportError(t("feedback.skipFailed"), e),
    [reportError, t],
  );
  const skip = useDeferredSkip(skipFailed);

  const value = useMemo(
    () => ({
      scheduleSkip: skip.schedule,
      pendingSkip: skip.pending?.id ?? null,
      reportError,
      warn,
      confirm,
    }),
    [skip.schedule, skip.pending, reportError, warn, confirm],
  );

  const dismiss = (id: number) => setNotices((prev) => prev.filter((n) => n.id !== id));

  return (
    <FeedbackContext.Provider value={value}>
      {children}
      <div className={styles.area} role="region" aria-label={t("feedback.region")}>
        {skip.pending && (
          <MessageBar
            className={styles.toast}
            intent="info"
            layout="multiline"
            data-testid="skip-toast"
            politeness="polite"
          >
            <MessageBarBody>
              {t("feedback.skipped", { subject: skip.pending.subject })}
            </MessageBarBody>
            <MessageBarActions>
              <Button appearance="primary" size="small" data-testid="skip-undo" onClick={skip.undo}>
                {t("feedback.undo")}
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {notices.map((notice) => (
          <DismissibleNotice
            key={notice.id}
            className={styles.toast}
            intent={notice.intent}
            title={notice.title}
            onDismiss={() => dismiss(notice.id)}
            data-testid={
              notice.testId ?? (notice.intent === "error" ? "command-error" : "action-blocked")
            }
          >
            {notice.body}
          </DismissibleNotice>
        ))}
      </div>
    </FeedbackContext.Provider>
  );
}

import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Dismiss16Regular, MailClock20Regular, Warning16Regular } from "@fluentui/react-icons";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, runCommand, type Activity } from "../../../ipc/commands";
import { DismissibleNotice } from "../../../lib/DismissibleNotice";
import { formatDateTime } from "../../../lib/relativeTime";
import { formatShortDateTime } from "../../../lib/shortDateTime";
import { useNow } from "../../../hooks/useNow";
import { sendTime } from "../hooks/pendingEmails";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  title: { margin: 0, color: tokens.colorNeutralForeground2 },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  item: {
    display: "grid",
    gridTemplateColumns: "28px minmax(0, 1fr) auto",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "start",
    paddingBlock: tokens.spacingVerticalXS,
  },
  icon: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    width: "28px",
    height: "28px",
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
  },
  body: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  status: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  failed: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/**
 * R17: a record's emails waiting to go (`pendingEmails` of its Up Next view) — when each
 * sends, why one hasn't left yet — each with Cancel, which asks first. Nothing when none wait.
 */
export function ScheduledEmails({ emails }: { emails: Activity[] }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const now = useNow();
  const [confirm, setConfirm] = useState<Activity | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lang = i18n.language;

  if (emails.length === 0) return null;

  const cancel = async (activity: Activity) => {
    setBusy(true);
    setError(null);
    try {
      await runCommand({ command: "cancelEmail", activity: activity.id });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  const status = (a: Activity) => {
    const at = sendTime(a);
    const failure = a.email?.failure;
    if (failure) {
      const retry = a.email?.retryAt ? new Date(a.email.retryAt) : null;
      return retry && retry.getTime() > now.getTime()
        ? t("timeline.scheduled.failedRetry", {
            failure,
            when: formatShortDateTime(retry, now, lang),
          })
        : t("timeline.scheduled.failed", { failure });
    }
    return at.getTime() > now.getTime()
      ? t("timeline.scheduled.sendsAt", { when: formatShortDateTime(at, now, lang) })
      : t("timeline.scheduled.sendingNow");
  };

  return (
    <section className={styles.root} aria-labelledby={titleId} data-testid="scheduled-emails">
      <Subtitle2 as="h3" id={titleId} className={styles.title}>
        {t("timeline.scheduled.title")}
      </Subtitle2>
      {error !== null && (
        <DismissibleNotice
          intent="error"
          title={t("timeline.scheduled.cancelFailed")}
          onDismiss={() => setError(null)}
          data-testid="scheduled-email-error"
        >
          {errorMessage(error, i18n)}
        </DismissibleNotice>
      )}
      <ul className={styles.list}>
        {emails.map((a) => {
          const failed = Boolean(a.email?.failure);
          const at = sendTime(a);
          return (
            <li
              key={a.id}
              className={styles.item}
              data-testid="scheduled-email"
              data-activity-id={a.id}
              data-failed={failed || undefined}
            >
              <span className={styles.icon} aria-hidden>
                <MailClock20Regular />
              </span>
              <div className={styles.body}>
                <Text weight="semibold">{a.subject}</Text>
                {a.email && a.email.to.length > 0 && (
                  <Caption1 className={styles.muted}>
                    {t("timeline.scheduled.to", { to: a.email.to.join(", ") })}
                  </Caption1>
                )}
                <Caption1
                  className={mergeClasses(styles.status, failed ? styles.failed : styles.muted)}
                  data-testid="scheduled-email-status"
                >
                  {failed && <Warning16Regular aria-hidden />}
                  <time dateTime={at.toISOString()} title={formatDateTime(at, lang)}>
                    {status(a)}
                  </time>
                </Caption1>
              </div>
              <Button
                size="small"
                appearance="subtle"
                icon={<Dismiss16Regular />}
                data-testid="email-cancel-scheduled"
                aria-label={t("timeline.scheduled.cancelLabel", { subject: a.subject })}
                onClick={() => setConfirm(a)}
              >
                {t("timeline.scheduled.cancel")}
              </Button>
            </li>
          );
        })}
      </ul>
      {confirm && (
        <Dialog open onOpenChange={(_, d) => !d.open && !busy && setConfirm(null)}>
          <DialogSurface data-testid="email-cancel-dialog">
            <DialogBody>
              <DialogTitle>{t("timeline.scheduled.confirmTitle")}</DialogTitle>
              <DialogContent>
                {t("timeline.scheduled.confirmBody", { subject: confirm.subject })}
              </DialogContent>
              <DialogActions>
                <Button
                  appearance="secondary"
                  data-testid="email-cancel-keep"
                  disabled={busy}
                  onClick={() => setConfirm(null)}
                >
                  {t("timeline.scheduled.confirmNo")}
                </Button>
                <Button
                  appearance="primary"
                  data-testid="email-cancel-confirm"
                  disabled={busy}
                  icon={busy ? <Spinner size="tiny" /> : undefined}
                  onClick={() => void cancel(confirm)}
                >
                  {t("timeline.scheduled.confirmYes")}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}

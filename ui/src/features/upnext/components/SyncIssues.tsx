import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyChanged } from "../../../ipc/changes";
import {
  retryOutboxItem,
  settleConflict,
  type ConflictChoice,
  type SyncIssue,
} from "../../../ipc/commands";
import { CRM_NAME } from "../../sync";
import { useFeedback } from "../hooks/feedback";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  message: { display: "block" },
});

export type SyncIssuesProps = {
  recordId: string;
  issues: SyncIssue[];
};

/**
 * The record's changes that did not land in Dynamics 365: a refusal to send again, or a
 * conflict for the seller to settle. Nothing when there are none.
 */
export function SyncIssues({ recordId, issues }: SyncIssuesProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const feedback = useFeedback();
  const [busy, setBusy] = useState<number | null>(null);

  const act = useCallback(
    async (seq: number, during: "retry" | "settle", work: () => Promise<void>) => {
      setBusy(seq);
      try {
        await work();
      } catch (e) {
        feedback.reportError(t(`upnext.syncIssue.${during}Error`), e);
      } finally {
        setBusy(null);
        // Like after a command: the record's views load again, the settled issue gone.
        notifyChanged([recordId]);
      }
    },
    [feedback, t, recordId],
  );

  const retry = (seq: number) => void act(seq, "retry", () => retryOutboxItem(seq));
  const settle = (seq: number, keep: ConflictChoice) =>
    void act(seq, "settle", () => settleConflict(seq, keep));

  if (issues.length === 0) return null;

  return (
    <div className={styles.root} data-testid="sync-issues">
      {issues.map((issue) => (
        <MessageBar
          key={issue.seq}
          intent={issue.conflict ? "warning" : "error"}
          layout="multiline"
          data-testid="sync-issue"
          data-seq={issue.seq}
          data-conflict={issue.conflict}
        >
          <MessageBarBody>
            <MessageBarTitle>
              {issue.conflict
                ? t("upnext.syncIssue.conflict", { crm: CRM_NAME })
                : t("upnext.syncIssue.refused", { crm: CRM_NAME })}
            </MessageBarTitle>
            {issue.conflict ? (
              <>
                {issue.summary}
                {issue.message && <span className={styles.message}>{issue.message}</span>}
              </>
            ) : issue.message ? (
              `${issue.summary}: ${issue.message}`
            ) : (
              issue.summary
            )}
          </MessageBarBody>
          <MessageBarActions>
            {issue.conflict ? (
              <>
                <Button
                  size="small"
                  disabled={busy === issue.seq}
                  data-testid="sync-issue-keep-mine"
                  onClick={() => settle(issue.seq, "mine")}
                >
                  {t("upnext.syncIssue.keepMine")}
                </Button>
                <Button
                  size="small"
                  disabled={busy === issue.seq}
                  data-testid="sync-issue-take-theirs"
                  onClick={() => settle(issue.seq, "theirs")}
                >
                  {t("upnext.syncIssue.takeTheirs")}
                </Button>
              </>
            ) : (
              <Button
                size="small"
                disabled={busy === issue.seq}
                data-testid="sync-issue-retry"
                onClick={() => retry(issue.seq)}
              >
                {t("upnext.syncIssue.tryAgain")}
              </Button>
            )}
          </MessageBarActions>
        </MessageBar>
      ))}
    </div>
  );
}

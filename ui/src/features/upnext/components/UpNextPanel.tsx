import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  Suspense,
  forwardRef,
  useCallback,
  useId,
  useImperativeHandle,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import {
  actionReason,
  errorMessage,
  upNext,
  type Activity,
  type ActivityAction,
  type ActivityView,
  type DirectoryView,
  type UpNextView,
} from "../../../ipc/commands";
import { useLive } from "../../../ipc/useLive";
import { MeetingDetailsDialog, NewMeetingButton } from "../../meetings";
import { ScheduledEmails, pendingEmails } from "../../timeline";
import { actionState } from "../hooks/actionState";
import { useFeedback } from "../hooks/feedback";
import { ActivityCard } from "./ActivityCard";
import { CompletedList } from "./CompletedList";
import { AssignDialog, CompleteDialog, NoteDialog, SnoozeDialog } from "./lazyDialogs";
import { RecordHeader } from "./RecordHeader";
import { Section } from "./Section";
import { SyncIssues } from "./SyncIssues";
import { UpcomingList } from "./UpcomingList";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXL,
    outlineStyle: "none",
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "4px",
    },
  },
  centre: { display: "flex", justifyContent: "center", paddingBlock: tokens.spacingVerticalXXXL },
  muted: { color: tokens.colorNeutralForeground3 },
  manual: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

type DialogKind = "complete" | "addNote" | "snooze" | "assign";
type OpenDialog =
  | { kind: DialogKind; activity: Activity }
  /** R18: a meeting's details, with Join for a Teams meeting. */
  | { kind: "meeting"; view: ActivityView };

export type UpNextHandle = {
  /** Does an action on the record's current step (the active one, else the first open one). */
  perform: (action: ActivityAction) => void;
  focus: () => void;
  view: () => UpNextView | null;
};

export type UpNextPanelProps = {
  recordId: string;
  directory: DirectoryView | null;
  onMainAction: (record: UpNextView, activity: ActivityView) => void;
};

/** The Up Next panel of one record (R4): its step now, other open work, what comes, what's done. */
export const UpNextPanel = forwardRef<UpNextHandle, UpNextPanelProps>(function UpNextPanel(
  { recordId, directory, onMainAction },
  ref,
) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const root = useRef<HTMLElement>(null);
  const live = useLive(recordId, upNext);
  const view = live.status === "success" ? live.data : null;
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const feedback = useFeedback();

  const onAction = useCallback(
    (activity: ActivityView, action: ActivityAction) => {
      const state = actionState(activity, action);
      if (!state.allowed) {
        feedback.warn(t(`upnext.cannot.${action}`), actionReason(state, i18n));
        return;
      }
      if (action === "skip") feedback.scheduleSkip(activity.activity);
      else setDialog({ kind: action, activity: activity.activity });
    },
    [feedback, t, i18n],
  );

  const onMain = useCallback(
    (activity: ActivityView) => {
      // R18: Open on a meeting (not a Teams one, which joins) shows its details here.
      if (activity.mainAction === "open" && activity.activity.type === "meeting") {
        setDialog({ kind: "meeting", view: activity });
      } else if (view) onMainAction(view, activity);
    },
    [view, onMainAction],
  );

  const onDetails = useCallback(
    (activity: ActivityView) => setDialog({ kind: "meeting", view: activity }),
    [],
  );

  useImperativeHandle(
    ref,
    () => ({
      perform(action) {
        if (!view) return;
        const target = view.active ?? view.manual[0] ?? view.waiting;
        if (!target) {
          feedback.warn(t(`upnext.cannot.${action}`), t("upnext.nothingOpen"));
          return;
        }
        onAction(target, action);
      },
      focus() {
        root.current?.focus();
      },
      view: () => view,
    }),
    [view, onAction, feedback, t],
  );

  if (live.status === "loading" || live.status === "idle") {
    return (
      <div className={styles.centre} data-testid="upnext-loading">
        <Spinner label={t("upnext.loading")} />
      </div>
    );
  }
  if (live.status === "error") {
    return (
      <MessageBar intent="error" data-testid="upnext-error">
        <MessageBarBody>
          <MessageBarTitle>{t("upnext.loadError")}</MessageBarTitle>
          {errorMessage(live.error, i18n)}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={live.reload}>{t("worklist.retry")}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }

  const v = live.data;
  // A back end from before sync issues sends none.
  const syncIssues = v.syncIssues ?? [];
  const notSynced = new Set(syncIssues.flatMap((i) => (i.activity ? [i.activity] : [])));
  // R17: emails waiting to go show apart, with when they send and Cancel.
  const scheduled = pendingEmails(v.completed);
  const closed = v.completed.filter((a) => !scheduled.includes(a));
  const card = (a: ActivityView, variant: "active" | "waiting" | "manual", testId: string) => (
    <ActivityCard
      key={a.activity.id}
      testId={testId}
      view={a}
      variant={variant}
      directory={directory}
      skipping={feedback.pendingSkip === a.activity.id}
      notSynced={notSynced.has(a.activity.id)}
      onMain={onMain}
      onAction={onAction}
      onDetails={onDetails}
    />
  );

  return (
    <section
      ref={root}
      tabIndex={-1}
      className={styles.root}
      aria-labelledby={titleId}
      data-testid="upnext"
      data-record-id={v.record.id}
    >
      <RecordHeader view={v} titleId={titleId} actions={<NewMeetingButton record={v.record} />} />

      <SyncIssues recordId={v.record.id} issues={syncIssues} />

      <Section title={t("upnext.title")}>
        {v.active && card(v.active, "active", "upnext-active")}
        {v.waiting && card(v.waiting, "waiting", "upnext-waiting")}
        {!v.active && !v.waiting && (
          <Text className={styles.muted} data-testid="upnext-none">
            {v.record.sequence ? t("upnext.sequenceDone") : t("upnext.noActiveStep")}
          </Text>
        )}
      </Section>

      {v.manual.length > 0 && (
        <Section title={t("upnext.otherOpen")}>
          <div className={styles.manual}>
            {v.manual.map((a) => card(a, "manual", "upnext-manual-item"))}
          </div>
        </Section>
      )}

      {v.upcoming.length > 0 && (
        <Section title={t("upnext.upcoming")}>
          <UpcomingList steps={v.upcoming} />
        </Section>
      )}

      <ScheduledEmails emails={scheduled} />

      {closed.length > 0 && (
        <Section title={t("upnext.completed")}>
          <CompletedList activities={closed} />
        </Section>
      )}

      <Suspense fallback={null}>
        {dialog?.kind === "complete" && (
          <CompleteDialog activity={dialog.activity} onClose={() => setDialog(null)} />
        )}
        {dialog?.kind === "addNote" && (
          <NoteDialog activity={dialog.activity} onClose={() => setDialog(null)} />
        )}
        {dialog?.kind === "snooze" && (
          <SnoozeDialog activity={dialog.activity} onClose={() => setDialog(null)} />
        )}
        {dialog?.kind === "assign" && (
          <AssignDialog
            activity={dialog.activity}
            directory={directory}
            onClose={() => setDialog(null)}
          />
        )}
        {dialog?.kind === "meeting" && (
          <MeetingDetailsDialog
            activity={dialog.view.activity}
            onJoin={
              dialog.view.mainAction === "join"
                ? () => {
                    setDialog(null);
                    onMain(dialog.view);
                  }
                : undefined
            }
            onClose={() => setDialog(null)}
          />
        )}
      </Suspense>
    </section>
  );
});

import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CallDock,
  CallFlow,
  DialPadDialog,
  usePhone,
  type CallRequest,
  type DialPadRecord,
} from "../features/calling";
import { useCallLinks, useOpenRecordEvents } from "../features/desktop";
import { DraftPrompt, EmailComposer, emailStepOf, useDraftGuard } from "../features/email";
import { SettingsDialog, usePreferences, type SettingsSection } from "../features/settings";
import { ShortcutsDialog, useShortcuts } from "../features/shortcuts";
import {
  ConversationPane,
  textStepOf,
  useConversationPane,
  useOpenConversationEvents,
} from "../features/texts";
import { useSync } from "../features/sync";
import { TimelinePanel } from "../features/timeline";
import { ActivityFeedbackProvider, UpNextPanel, type UpNextHandle } from "../features/upnext";
import { WorkList, type QuickAction, type WorkListHandle } from "../features/worklist";
import { useBackendChanges } from "../ipc/changes";
import {
  appInfo,
  directory as loadDirectory,
  errorMessage,
  joinMeeting,
  upNext as loadUpNext,
  type Activity,
  type ActivityType,
  type ActivityView,
  type CallInfo,
  type CallLink,
  type UpNextView,
  type WorkListCard,
} from "../ipc/commands";
import { useCommand } from "../ipc/useCommand";
import { DismissibleNotice } from "../lib/DismissibleNotice";
import { AppHeader } from "./components/AppHeader";
import { ComingSoon, type ComingSoonKind } from "./components/ComingSoon";
import { RecordPane } from "./components/RecordPane";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    height: "100%",
    minHeight: 0,
  },
  body: {
    display: "flex",
    flexGrow: 1,
    minHeight: 0,
  },
  listPane: {
    display: "flex",
    flexDirection: "column",
    flexShrink: 0,
    width: "clamp(420px, 36vw, 480px)",
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  banner: { marginInline: tokens.spacingHorizontalL, marginTop: tokens.spacingVerticalS },
});

type Selection = {
  recordId: string;
  /** The card selected; null for a record opened by its id (a reminder, the tray, a call link). */
  activityId: string | null;
  activityType: ActivityType | null;
  /** Null until the record's Up Next panel has loaded, for a record opened by its id. */
  contactName: string | null;
};

/** The dial pad, with the number and record of a call link. */
type DialPadRequest = { key: number; number: string; record: DialPadRecord | null };

/** The activity a call is made for, when it is a phone call (R14: the call completes it). */
const phoneCallId = (id: string | null, type: ActivityType | null) =>
  type === "phoneCall" && id !== null ? id : undefined;

/** Calling a record's contact from its Up Next view: its dial plan, for this step if any. */
const callFor = (view: UpNextView, activity: Activity | null | undefined): CallRequest => ({
  recordId: view.record.id,
  contactName: view.record.contact.name,
  activityId: activity ? phoneCallId(activity.id, activity.type) : undefined,
  preloaded: { plan: view.dialPlan, error: view.dialPlanError },
});

/** Why joining a meeting failed, shown on the record it belongs to. */
type JoinError = { recordId: string; message: string };

/** The seller's window: work list on the left, the selected record on the right. */
export function App() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const info = useCommand(appInfo);
  const dir = useCommand(loadDirectory);
  const { reportSystemLanguage } = usePreferences();
  useBackendChanges();
  const phone = usePhone();
  const { track } = phone;
  const sync = useSync();
  // R16: a switch to another record asks first about the email being written.
  const {
    email: emailTarget,
    attach: attachComposer,
    guard,
    start: startEmail,
    close: closeEmail,
    named: emailNamed,
    prompt: draftPrompt,
  } = useDraftGuard();
  const texts = useConversationPane();

  const [selected, setSelected] = useState<Selection | null>(null);
  const [call, setCall] = useState<(CallRequest & { key: number }) | null>(null);
  const [notice, setNotice] = useState<ComingSoonKind | null>(null);
  const [joinError, setJoinError] = useState<JoinError | null>(null);
  const [settings, setSettings] = useState<SettingsSection | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [dialPad, setDialPad] = useState<DialPadRequest | null>(null);
  const workList = useRef<WorkListHandle>(null);
  const upNext = useRef<UpNextHandle>(null);
  const recordPane = useRef<HTMLElement>(null);
  const callKey = useRef(0);
  const dialPadKey = useRef(0);

  const language = info.status === "success" ? info.data.language : null;
  useEffect(() => {
    if (language) reportSystemLanguage(language);
  }, [language, reportSystemLanguage]);

  const selectNow = useCallback((card: WorkListCard) => {
    setSelected((prev) =>
      prev?.activityId === card.activityId
        ? prev
        : {
            recordId: card.recordId,
            activityId: card.activityId,
            activityType: card.activityType,
            contactName: card.contactName,
          },
    );
    setNotice((prev) => (prev === null ? prev : null));
    setJoinError((prev) => (prev === null ? prev : null));
  }, []);

  const select = useCallback(
    (card: WorkListCard) => guard(card.recordId, () => selectNow(card)),
    [guard, selectNow],
  );

  /** Selects a record by its id, as clicking its card would, even when no card shows it. */
  const selectRecordNow = useCallback((recordId: string) => {
    setSelected((prev) =>
      prev?.recordId === recordId
        ? prev
        : { recordId, activityId: null, activityType: null, contactName: null },
    );
    setNotice((prev) => (prev === null ? prev : null));
    setJoinError((prev) => (prev === null ? prev : null));
  }, []);

  const selectRecord = useCallback(
    (recordId: string) => guard(recordId, () => selectRecordNow(recordId)),
    [guard, selectRecordNow],
  );

  /** R18: opens a Teams meeting in Teams or the browser; a refusal says why on its record. */
  const join = useCallback(
    (recordId: string, activityId: string) => {
      setNotice(null);
      setJoinError(null);
      joinMeeting(activityId).catch((error: unknown) =>
        setJoinError({ recordId, message: errorMessage(error, i18n) }),
      );
    },
    [i18n],
  );

  const focusRecord = useCallback(() => {
    requestAnimationFrame(() => {
      if (upNext.current) upNext.current.focus();
      else recordPane.current?.focus();
    });
  }, []);

  const open = useCallback(
    (card: WorkListCard) => {
      select(card);
      focusRecord();
    },
    [select, focusRecord],
  );

  const startCall = useCallback((request: CallRequest) => {
    callKey.current += 1;
    setCall({ ...request, key: callKey.current });
  }, []);

  const openDialPad = useCallback((number = "", record: DialPadRecord | null = null) => {
    dialPadKey.current += 1;
    setDialPad({ key: dialPadKey.current, number, record });
  }, []);

  /** The call is dialling: the docked call panel takes over from the dialogs. */
  const onPlaced = useCallback(
    (placed: CallInfo) => {
      track(placed);
      setCall(null);
      setDialPad(null);
    },
    [track],
  );

  const openPhoneSettings = useCallback(() => {
    setCall(null);
    setDialPad(null);
    setSettings("phone");
  }, []);

  const callSelected = useCallback(
    (sel: Selection) => {
      const view = upNext.current?.view();
      const own = view && view.record.id === sel.recordId ? view : null;
      const active = own?.active?.activity;
      const contactName = own?.record.contact.name ?? sel.contactName;
      // A record opened by its id is called once its Up Next panel knows who to call.
      if (contactName === null) return;
      startCall({
        recordId: sel.recordId,
        contactName,
        activityId:
          phoneCallId(sel.activityId, sel.activityType) ??
          (active && phoneCallId(active.id, active.type)),
        preloaded: own ? { plan: own.dialPlan, error: own.dialPlanError } : undefined,
      });
    },
    [startCall],
  );

  /**
   * A reminder or the tray was clicked: the record's Up Next panel, and with `call` (the
   * reminder's Call button) its contact called as Up Next's Call button does.
   */
  const openRecord = useCallback(
    (recordId: string, andCall: boolean) => {
      selectRecord(recordId);
      focusRecord();
      if (!andCall) return;
      loadUpNext(recordId).then(
        (view) => {
          setDialPad(null);
          startCall(callFor(view, view.active?.activity));
        },
        () => {
          // The Up Next panel shows why the record couldn't be loaded.
        },
      );
    },
    [selectRecord, focusRecord, startCall],
  );
  useOpenRecordEvents(
    useCallback(
      (recordId: string, andCall: boolean) => guard(recordId, () => openRecord(recordId, andCall)),
      [guard, openRecord],
    ),
  );

  /** R21: a reply's notification was clicked: its record, with the conversation open. */
  const openConversation = texts.open;
  useOpenConversationEvents(
    useCallback(
      (recordId: string) =>
        guard(recordId, () => {
          openRecord(recordId, false);
          openConversation(recordId);
        }),
      [guard, openRecord, openConversation],
    ),
  );

  /** A tel:, callto: or sip: link: the dial pad with its number, and its record selected. */
  const openCallLink = useCallback(
    (link: CallLink) => {
      setCall(null);
      openDialPad(link.number, link.record ? { id: link.record, name: link.recordName } : null);
      if (link.record) selectRecord(link.record);
    },
    [openDialPad, selectRecord],
  );
  useCallLinks(
    useCallback(
      (link: CallLink) => guard(link.record, () => openCallLink(link)),
      [guard, openCallLink],
    ),
  );

  const onQuickAction = useCallback(
    (card: WorkListCard, action: QuickAction) => {
      select(card);
      if (action === "call") {
        startCall({
          recordId: card.recordId,
          contactName: card.contactName,
          activityId: phoneCallId(card.activityId, card.activityType),
        });
      } else if (action === "join") {
        join(card.recordId, card.activityId);
      } else if (action === "textMessage") {
        openConversation(
          card.recordId,
          card.activityType === "textMessage" ? card.activityId : null,
        );
      } else {
        startEmail(
          card.recordId,
          card.activityType === "email" ? card.activityId : null,
          card.contactName,
        );
      }
    },
    [select, startCall, join, openConversation, startEmail],
  );

  /** A card's quick action on another record asks about the email being written first. */
  const quickAction = useCallback(
    (card: WorkListCard, action: QuickAction) =>
      guard(card.recordId, () => onQuickAction(card, action)),
    [guard, onQuickAction],
  );

  const onMainAction = useCallback(
    (view: UpNextView, activity: ActivityView) => {
      if (activity.mainAction === "call") {
        startCall(callFor(view, activity.activity));
      } else if (activity.mainAction === "join") {
        join(view.record.id, activity.activity.id);
      } else if (activity.mainAction === "textMessage") {
        openConversation(view.record.id, activity.activity.id);
      } else if (activity.mainAction === "email") {
        startEmail(view.record.id, activity.activity.id, view.record.contact.name);
      } else if (activity.mainAction === "open") {
        setNotice("open");
      }
    },
    [startCall, join, openConversation, startEmail],
  );

  useShortcuts({
    next: () => workList.current?.move(1),
    previous: () => workList.current?.move(-1),
    open: () => selected && focusRecord(),
    call: () => selected && callSelected(selected),
    email: () =>
      selected &&
      startEmail(
        selected.recordId,
        selected.activityType === "email"
          ? selected.activityId
          : emailStepOf(upNext.current?.view()),
        selected.contactName,
      ),
    text: () =>
      selected &&
      openConversation(
        selected.recordId,
        selected.activityType === "textMessage"
          ? selected.activityId
          : textStepOf(upNext.current?.view()),
      ),
    complete: () => upNext.current?.perform("complete"),
    snooze: () => upNext.current?.perform("snooze"),
    skip: () => upNext.current?.perform("skip"),
    note: () => upNext.current?.perform("addNote"),
    assign: () => upNext.current?.perform("assign"),
    search: () => workList.current?.focusSearch(),
    help: () => setShortcutsOpen(true),
  });

  const directory = dir.status === "success" ? dir.data : null;
  const calls = phone.status?.calls ?? [];
  const recentNumbers = phone.status?.recentNumbers ?? [];

  return (
    <ActivityFeedbackProvider>
      <div className={styles.root}>
        <AppHeader
          info={info.status === "success" ? info.data : null}
          phone={phone.status}
          sync={sync.status}
          onOpenPhoneSettings={openPhoneSettings}
          onOpenSyncSettings={() => setSettings("crm")}
          onOpenDialPad={() => openDialPad()}
          onOpenSettings={() => setSettings("general")}
          onOpenShortcuts={() => setShortcutsOpen(true)}
        />
        {info.status === "error" && (
          <MessageBar intent="error" data-testid="app-info-error" className={styles.banner}>
            <MessageBarBody>
              <MessageBarTitle>{t("app.loadError")}</MessageBarTitle>
              {errorMessage(info.error, i18n)}
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.body}>
          <div className={styles.listPane}>
            <WorkList
              ref={workList}
              selectedActivityId={selected?.activityId ?? null}
              onSelect={select}
              onOpen={open}
              onQuickAction={quickAction}
            />
          </div>
          <RecordPane ref={recordPane}>
            {selected && (
              <>
                {emailTarget?.recordId === selected.recordId && (
                  <Suspense fallback={null}>
                    <EmailComposer
                      key={emailTarget.key}
                      ref={attachComposer}
                      target={emailTarget}
                      onNamed={emailNamed}
                      onClose={() => {
                        closeEmail();
                        focusRecord();
                      }}
                      onOpenSettings={() => setSettings("email")}
                    />
                  </Suspense>
                )}
                {notice && <ComingSoon kind={notice} onDismiss={() => setNotice(null)} />}
                {joinError?.recordId === selected.recordId && (
                  <DismissibleNotice
                    intent="error"
                    title={t("feedback.joinFailed")}
                    onDismiss={() => setJoinError(null)}
                    data-testid="join-error"
                  >
                    {joinError.message}
                  </DismissibleNotice>
                )}
                {texts.pane?.recordId === selected.recordId && (
                  <Suspense fallback={null}>
                    <ConversationPane
                      key={texts.pane.recordId}
                      recordId={texts.pane.recordId}
                      forActivity={texts.pane.forActivity}
                      opened={texts.pane.opened}
                      onClose={() => {
                        texts.close();
                        focusRecord();
                      }}
                      onOpenSettings={() => setSettings("texts")}
                    />
                  </Suspense>
                )}
                <UpNextPanel
                  key={selected.recordId}
                  ref={upNext}
                  recordId={selected.recordId}
                  directory={directory}
                  onMainAction={onMainAction}
                />
                <TimelinePanel recordId={selected.recordId} directory={directory} />
              </>
            )}
          </RecordPane>
          {calls.length > 0 && (
            <Suspense fallback={null}>
              <CallDock
                calls={calls}
                audioNotice={phone.status?.audioNotice ?? null}
                onPlaced={track}
              />
            </Suspense>
          )}
        </div>
      </div>
      <DraftPrompt prompt={draftPrompt} />
      <Suspense fallback={null}>
        {call && (
          <CallFlow
            key={call.key}
            request={call}
            recentNumbers={recentNumbers}
            onPlaced={onPlaced}
            onSetUp={openPhoneSettings}
            onClose={() => setCall(null)}
          />
        )}
        {dialPad && (
          <DialPadDialog
            key={dialPad.key}
            number={dialPad.number}
            record={dialPad.record}
            recentNumbers={recentNumbers}
            onPlaced={onPlaced}
            onSetUp={openPhoneSettings}
            onClose={() => setDialPad(null)}
          />
        )}
        {settings && (
          <SettingsDialog
            open
            section={settings}
            phone={phone.status}
            sync={sync}
            onClose={() => setSettings(null)}
            version={info.status === "success" ? info.data.version : null}
          />
        )}
        {shortcutsOpen && <ShortcutsDialog open onClose={() => setShortcutsOpen(false)} />}
      </Suspense>
    </ActivityFeedbackProvider>
  );
}

import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CallDock, CallFlow, DialPadDialog, usePhone, type CallRequest } from "../features/calling";
import { SettingsDialog, usePreferences, type SettingsSection } from "../features/settings";
import { ShortcutsDialog, useShortcuts } from "../features/shortcuts";
import { useSync } from "../features/sync";
import { TimelinePanel } from "../features/timeline";
import { ActivityFeedbackProvider, UpNextPanel, type UpNextHandle } from "../features/upnext";
import { WorkList, type QuickAction, type WorkListHandle } from "../features/worklist";
import { useBackendChanges } from "../ipc/changes";
import {
  appInfo,
  directory as loadDirectory,
  errorMessage,
  type ActivityType,
  type ActivityView,
  type CallInfo,
  type UpNextView,
  type WorkListCard,
} from "../ipc/commands";
import { useCommand } from "../ipc/useCommand";
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
  activityId: string;
  activityType: ActivityType;
  contactName: string;
};

/** The activity a call is made for, when it is a phone call (R14: the call completes it). */
const phoneCallId = (id: string, type: ActivityType) => (type === "phoneCall" ? id : undefined);

const QUICK_TO_NOTICE: Record<Exclude<QuickAction, "call">, ComingSoonKind> = {
  email: "email",
  textMessage: "textMessage",
  join: "join",
};

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

  const [selected, setSelected] = useState<Selection | null>(null);
  const [call, setCall] = useState<(CallRequest & { key: number }) | null>(null);
  const [notice, setNotice] = useState<ComingSoonKind | null>(null);
  const [settings, setSettings] = useState<SettingsSection | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [dialPadOpen, setDialPadOpen] = useState(false);
  const workList = useRef<WorkListHandle>(null);
  const upNext = useRef<UpNextHandle>(null);
  const recordPane = useRef<HTMLElement>(null);
  const callKey = useRef(0);

  const language = info.status === "success" ? info.data.language : null;
  useEffect(() => {
    if (language) reportSystemLanguage(language);
  }, [language, reportSystemLanguage]);

  const select = useCallback((card: WorkListCard) => {
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
  }, []);

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

  /** The call is dialling: the docked call panel takes over from the dialogs. */
  const onPlaced = useCallback(
    (placed: CallInfo) => {
      track(placed);
      setCall(null);
      setDialPadOpen(false);
    },
    [track],
  );

  const openPhoneSettings = useCallback(() => {
    setCall(null);
    setDialPadOpen(false);
    setSettings("phone");
  }, []);

  const callSelected = useCallback(
    (sel: Selection) => {
      const view = upNext.current?.view();
      const own = view && view.record.id === sel.recordId ? view : null;
      const active = own?.active?.activity;
      startCall({
        recordId: sel.recordId,
        contactName: own?.record.contact.name ?? sel.contactName,
        activityId:
          phoneCallId(sel.activityId, sel.activityType) ??
          (active && phoneCallId(active.id, active.type)),
        preloaded: own ? { plan: own.dialPlan, error: own.dialPlanError } : undefined,
      });
    },
    [startCall],
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
      } else {
        setNotice(QUICK_TO_NOTICE[action]);
      }
    },
    [select, startCall],
  );

  const onMainAction = useCallback(
    (view: UpNextView, activity: ActivityView) => {
      if (activity.mainAction === "call") {
        startCall({
          recordId: view.record.id,
          contactName: view.record.contact.name,
          activityId: phoneCallId(activity.activity.id, activity.activity.type),
          preloaded: { plan: view.dialPlan, error: view.dialPlanError },
        });
      } else {
        setNotice(activity.mainAction);
      }
    },
    [startCall],
  );

  useShortcuts({
    next: () => workList.current?.move(1),
    previous: () => workList.current?.move(-1),
    open: () => selected && focusRecord(),
    call: () => selected && callSelected(selected),
    email: () => selected && setNotice("email"),
    text: () => selected && setNotice("textMessage"),
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
          onOpenDialPad={() => setDialPadOpen(true)}
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
              onQuickAction={onQuickAction}
            />
          </div>
          <RecordPane ref={recordPane}>
            {selected && (
              <>
                {notice && <ComingSoon kind={notice} onDismiss={() => setNotice(null)} />}
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
        {dialPadOpen && (
          <DialPadDialog
            recentNumbers={recentNumbers}
            onPlaced={onPlaced}
            onSetUp={openPhoneSettings}
            onClose={() => setDialPadOpen(false)}
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

import {
  Avatar,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { CallInbound16Regular, CallOutbound16Regular } from "@fluentui/react-icons";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { dismissCall, errorMessage, sendKeys, type CallInfo } from "../../../ipc/commands";
import { CompleteDialog } from "../../upnext";
import { useCallAction } from "../hooks/useCallAction";
import { useKeypadKeys } from "../hooks/useKeypadKeys";
import { CallQuality } from "./CallQuality";
import { CallTimer } from "./CallTimer";
import { DtmfKeypad } from "./DtmfKeypad";
import { EndedCallActions } from "./EndedCallActions";
import { IncomingCallActions } from "./IncomingCallActions";
import { LiveCallControls } from "./LiveCallControls";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  incoming: { borderLeft: `4px solid ${tokens.colorStatusSuccessBorderActive}` },
  ended: { boxShadow: "none", border: `1px solid ${tokens.colorNeutralStroke2}` },
  who: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
  },
  names: { display: "flex", flexDirection: "column", minWidth: 0 },
  name: { margin: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  number: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
  state: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
  },
  phase: { fontWeight: tokens.fontWeightSemibold },
  keys: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
});

/** One call in the call panel: who, how it goes, and what can be done with it now. */
export function CallCard({
  call,
  onPlaced,
}: {
  call: CallInfo;
  onPlaced: (call: CallInfo) => void;
}) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const action = useCallAction();
  const [keypad, setKeypad] = useState(false);
  const [completing, setCompleting] = useState(false);
  const ended = call.phase === "ended";
  const keypadOpen = keypad && (call.phase === "connected" || call.phase === "earlyMedia");

  const press = (key: string) => void action.run(() => sendKeys(call.id, key));
  useKeypadKeys(keypadOpen, press);

  const stateText = ended
    ? (call.outcomeText ?? t("calling.phase.ended"))
    : t(`calling.phase.${call.phase}`);
  const DirectionIcon =
    call.direction === "incoming" ? CallInbound16Regular : CallOutbound16Regular;
  const showNumber = call.number !== call.who;

  return (
    <article
      className={mergeClasses(
        styles.root,
        call.phase === "incoming" && styles.incoming,
        ended && styles.ended,
      )}
      aria-label={call.who}
      data-testid="call-card"
      data-call-id={call.id}
      data-phase={call.phase}
    >
      <div className={styles.who}>
        <Avatar name={call.who} size={40} color="colorful" aria-hidden />
        <div className={styles.names}>
          <Subtitle2 as="h2" className={styles.name} data-testid="call-who">
            {call.who}
          </Subtitle2>
          {call.recordName && call.recordName !== call.who && (
            <Caption1 className={styles.muted} data-testid="call-record">
              {call.recordName}
            </Caption1>
          )}
          <Caption1 className={styles.number}>
            <DirectionIcon aria-label={t(`calling.direction.${call.direction}`)} />
            {showNumber && <span data-testid="call-number-dialled">{call.numberDisplay}</span>}
          </Caption1>
        </div>
      </div>

      <div className={styles.state}>
        <Text className={styles.phase} role="status" data-testid="call-state">
          {stateText}
        </Text>
        {call.connectedAt && !ended && <CallTimer connectedAt={call.connectedAt} />}
        {call.quality && !ended && <CallQuality quality={call.quality} />}
      </div>

      {call.phase === "incoming" && <IncomingCallActions call={call} run={action.run} />}
      {!ended && call.phase !== "incoming" && (
        <LiveCallControls
          call={call}
          keypadOpen={keypadOpen}
          onToggleKeypad={() => setKeypad((open) => !open)}
          run={action.run}
        />
      )}
      {keypadOpen && <DtmfKeypad onKey={press} />}
      {call.keysSent !== "" && (
        <Caption1 className={styles.keys} data-testid="keys-sent">
          {t("calling.keysSent", { keys: call.keysSent })}
        </Caption1>
      )}
      {ended && (
        <EndedCallActions
          call={call}
          run={action.run}
          onPlaced={onPlaced}
          onComplete={() => setCompleting(true)}
        />
      )}

      {action.error !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="call-action-error">
          <MessageBarBody>
            <MessageBarTitle>{t("calling.actionFailed")}</MessageBarTitle>
            {errorMessage(action.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}

      <Suspense fallback={null}>
        {completing && call.activity && (
          <CompleteDialog
            activity={{
              id: call.activity,
              subject: call.subject ?? t("calling.completeSubject", { who: call.who }),
            }}
            onCompleted={() => void action.run(() => dismissCall(call.id))}
            onClose={() => setCompleting(false)}
          />
        )}
      </Suspense>
    </article>
  );
}

import {
  MessageBar,
  MessageBarBody,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Speaker216Regular } from "@fluentui/react-icons";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { AudioNotice, CallInfo } from "../../../ipc/commands";
import { leadingCall } from "../hooks/callPhase";
import { CallCard } from "./CallCard";
import { DevicePickers } from "./DevicePickers";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    flexShrink: 0,
    width: "340px",
    minHeight: 0,
    overflowY: "auto",
    padding: tokens.spacingHorizontalL,
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground3,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sound: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    marginTop: "auto",
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  soundTitle: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    margin: 0,
    color: tokens.colorNeutralForeground2,
  },
});

/** Someone calling in comes first: it needs an answer now. */
function ordered(calls: CallInfo[]): CallInfo[] {
  return [
    ...calls.filter((c) => c.phase === "incoming"),
    ...calls.filter((c) => c.phase !== "incoming"),
  ];
}

export type CallDockProps = {
  calls: CallInfo[];
  /** The chosen headset stopped working or is not plugged in. */
  audioNotice?: AudioNotice | null;
  onPlaced: (call: CallInfo) => void;
};

/**
 * The call panel, docked beside the record while any call is there — ringing in, going on, or
 * just ended (until closed or another starts). It never blocks the rest of the window.
 */
export function CallDock({ calls, audioNotice = null, onPlaced }: CallDockProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const soundId = useId();
  const lead = leadingCall(calls);
  if (!lead) return null;
  const live = calls.some((c) => c.phase !== "ended");

  return (
    <aside
      className={styles.root}
      aria-label={t("calling.panel")}
      data-testid="in-call-panel"
      data-phase={lead.phase}
    >
      {audioNotice && (
        <MessageBar
          intent={audioNotice === "movedToDefault" ? "warning" : "error"}
          layout="multiline"
          data-testid="audio-notice"
          data-notice={audioNotice}
        >
          <MessageBarBody>{t(`calling.audioNotice.${audioNotice}`)}</MessageBarBody>
        </MessageBar>
      )}
      {ordered(calls).map((call) => (
        <CallCard key={call.id} call={call} onPlaced={onPlaced} />
      ))}
      {live && (
        <section className={styles.sound} aria-labelledby={soundId}>
          <Subtitle2 as="h2" id={soundId} className={styles.soundTitle}>
            <Speaker216Regular aria-hidden />
            {t("calling.devices.title")}
          </Subtitle2>
          <DevicePickers testIdPrefix="call-" />
        </section>
      )}
    </aside>
  );
}

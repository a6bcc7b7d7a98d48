import { makeStyles, tokens } from "@fluentui/react-components";
import {
  ArrowForward16Regular,
  CalendarAdd16Regular,
  Call16Regular,
  CallEnd16Regular,
  ChatArrowBack16Regular,
  Chat16Regular,
  Checkmark16Regular,
  Dismiss16Regular,
  Flag16Regular,
  MailCheckmark16Regular,
  MailClock16Regular,
  Note16Regular,
  PersonArrowRight16Regular,
  Play16Regular,
  PersonSwap16Regular,
  Snooze16Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import type { TimelineKind } from "../hooks/timelineFilter";

const ICONS: Record<TimelineKind, ReactElement> = {
  noteAdded: <Note16Regular />,
  completed: <Checkmark16Regular />,
  skipped: <ArrowForward16Regular />,
  cancelled: <Dismiss16Regular />,
  snoozed: <Snooze16Regular />,
  assigned: <PersonArrowRight16Regular />,
  ownerChanged: <PersonSwap16Regular />,
  stepStarted: <Play16Regular />,
  sequenceFinished: <Flag16Regular />,
  callPlaced: <Call16Regular />,
  callEnded: <CallEnd16Regular />,
  emailScheduled: <MailClock16Regular />,
  emailSent: <MailCheckmark16Regular />,
  textSent: <Chat16Regular />,
  textReceived: <ChatArrowBack16Regular />,
  meetingCreated: <CalendarAdd16Regular />,
};

const useStyles = makeStyles({
  root: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    width: "28px",
    height: "28px",
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    flexShrink: 0,
  },
});

/** The small round icon of a timeline entry's kind. */
export function TimelineIcon({ kind }: { kind: TimelineKind }) {
  const styles = useStyles();
  return (
    <span className={styles.root} aria-hidden>
      {ICONS[kind]}
    </span>
  );
}

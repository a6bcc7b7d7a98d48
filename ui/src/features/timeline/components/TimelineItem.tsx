import { Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { DirectoryView, TimelineEntry } from "../../../ipc/commands";
import { activityTypeKey } from "../../../lib/activityTypeKey";
import { callOutcomeText } from "../../../lib/callOutcome";
import { assigneeName, userName } from "../../../lib/directory";
import { formatDateTime, formatRelative } from "../../../lib/relativeTime";
import { formatShortDateTime } from "../../../lib/shortDateTime";
import { TimelineIcon } from "./TimelineIcon";

const useStyles = makeStyles({
  item: {
    display: "grid",
    gridTemplateColumns: "28px minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  body: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  note: {
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  meta: { color: tokens.colorNeutralForeground3 },
  subject: { color: tokens.colorNeutralForeground2 },
  summary: { overflowWrap: "anywhere", whiteSpace: "pre-wrap" },
});

export type TimelineItemProps = {
  entry: TimelineEntry;
  directory: DirectoryView | null;
  now: Date;
};

/** One thing that happened on the record, who did it and when. */
export const TimelineItem = memo(function TimelineItem({
  entry,
  directory,
  now,
}: TimelineItemProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const e = entry.event;
  const at = new Date(entry.at);
  const lang = i18n.language;

  let summary: string;
  switch (e.kind) {
    case "noteAdded":
      summary = t("timeline.event.noteAdded");
      break;
    case "completed":
    case "skipped":
    case "cancelled":
      summary = t(`timeline.event.${e.kind}`, {
        type: t(activityTypeKey(e.activityType)),
        subject: e.subject,
      });
      break;
    case "snoozed":
      summary = t("timeline.event.snoozed", {
        subject: e.subject,
        until: formatDateTime(new Date(e.until), lang),
      });
      break;
    case "assigned":
      summary = t("timeline.event.assigned", {
        subject: e.subject,
        from: assigneeName(directory, e.from),
        to: assigneeName(directory, e.to),
      });
      break;
    case "ownerChanged":
      summary = t("timeline.event.ownerChanged", {
        from: userName(directory, e.from),
        to: userName(directory, e.to),
      });
      break;
    case "stepStarted":
      summary = t("timeline.event.stepStarted", {
        type: t(activityTypeKey(e.activityType)),
        subject: e.subject,
      });
      break;
    case "sequenceFinished":
      summary = t("timeline.event.sequenceFinished");
      break;
    case "callPlaced":
      summary = t(
        e.direction === "incoming" ? "timeline.event.callReceived" : "timeline.event.callPlaced",
        { number: e.number },
      );
      break;
    case "callEnded":
      summary = callOutcomeText(e.outcome, e.durationSecs, t);
      break;
    case "emailScheduled":
      summary = t("timeline.event.emailScheduled", {
        when: formatShortDateTime(new Date(e.at), now, lang),
        subject: e.subject,
      });
      break;
    case "emailSent":
      summary = t("timeline.event.emailSent", { to: e.to.join(", "), subject: e.subject });
      break;
    case "textSent":
      summary = t("timeline.event.textSent", { number: e.to, body: e.body });
      break;
    case "textReceived":
      summary = t("timeline.event.textReceived", { number: e.from, body: e.body });
      break;
    case "meetingCreated":
      summary = t("timeline.event.meetingCreated", {
        when: formatShortDateTime(new Date(e.start), now, lang),
        subject: e.subject,
      });
      break;
  }

  return (
    <li className={styles.item} data-testid="timeline-item" data-kind={e.kind}>
      <TimelineIcon kind={e.kind} />
      <div className={styles.body}>
        <Text className={styles.summary}>{summary}</Text>
        {e.kind === "noteAdded" && <Text className={styles.note}>{e.text}</Text>}
        {e.kind === "callPlaced" && e.subject && (
          <Text className={styles.subject}>{e.subject}</Text>
        )}
        <Caption1 className={styles.meta}>
          {t("timeline.by", { name: userName(directory, entry.author) })}
          {" · "}
          <time dateTime={entry.at} title={formatDateTime(at, lang)}>
            {formatRelative(at, now, lang)}
          </time>
        </Caption1>
      </div>
    </li>
  );
});

import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  Clock20Regular,
  Location20Regular,
  People20Regular,
  PeopleTeam20Regular,
  TextDescription20Regular,
} from "@fluentui/react-icons";
import type { ReactElement, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Activity } from "../../../ipc/commands";
import { ActivityIcon } from "../../../lib/ActivityIcon";
import { activityTypeKey } from "../../../lib/activityTypeKey";
import { formatMeetingTime, meetingTimes } from "../hooks/meetingTime";

const useStyles = makeStyles({
  surface: { maxWidth: "520px" },
  title: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalM },
  titleText: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  kind: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular },
  facts: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    margin: 0,
  },
  fact: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  label: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground3,
  },
  value: { margin: 0, paddingInlineStart: "28px", overflowWrap: "anywhere" },
  attendees: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  description: { whiteSpace: "pre-wrap" },
  none: { color: tokens.colorNeutralForeground3 },
});

export type MeetingDetailsDialogProps = {
  activity: Activity;
  /** Joins a Teams meeting (R18); without it, or for another meeting, there is no Join. */
  onJoin?: () => void;
  onClose: () => void;
};

/** R18: a meeting's details — when, where, who, what about — and Join for a Teams meeting. */
export function MeetingDetailsDialog({ activity, onJoin, onClose }: MeetingDetailsDialogProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const teams = activity.joinUrl !== null;
  const details = activity.meeting;

  const fact = (testId: string, icon: ReactElement, label: string, value: ReactNode) => (
    <div className={styles.fact} data-testid={testId}>
      <dt className={styles.label}>
        {icon}
        <Caption1>{label}</Caption1>
      </dt>
      <dd className={styles.value}>{value}</dd>
    </div>
  );

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="meeting-details">
        <DialogBody>
          <DialogTitle>
            <span className={styles.title}>
              {/* The caption below names the kind: the icon need not say it again. */}
              <span aria-hidden>
                <ActivityIcon type="meeting" teamsMeeting={teams} />
              </span>
              <span className={styles.titleText}>
                <span data-testid="meeting-details-subject">{activity.subject}</span>
                <Caption1 className={styles.kind} data-testid="meeting-details-kind">
                  {t(activityTypeKey("meeting", teams))}
                </Caption1>
              </span>
            </span>
          </DialogTitle>
          <DialogContent>
            <dl className={styles.facts}>
              {fact(
                "meeting-details-when",
                <Clock20Regular aria-hidden />,
                t("meetings.details.when"),
                <Body1>{formatMeetingTime(meetingTimes(activity), i18n.language)}</Body1>,
              )}
              {details?.location &&
                fact(
                  "meeting-details-location",
                  <Location20Regular aria-hidden />,
                  t("meetings.field.location"),
                  <Body1>{details.location}</Body1>,
                )}
              {details &&
                fact(
                  "meeting-details-attendees",
                  <People20Regular aria-hidden />,
                  t("meetings.field.attendees"),
                  details.attendees.length > 0 ? (
                    <ul className={styles.attendees}>
                      {details.attendees.map((a) => (
                        <li key={a}>
                          <Body1>{a}</Body1>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Body1 className={styles.none}>{t("meetings.details.noAttendees")}</Body1>
                  ),
                )}
              {details?.description &&
                fact(
                  "meeting-details-description",
                  <TextDescription20Regular aria-hidden />,
                  t("meetings.field.description"),
                  <Body1 className={styles.description}>{details.description}</Body1>,
                )}
            </dl>
            {!details && (
              <Text as="p" className={styles.none} data-testid="meeting-details-none">
                {t("meetings.details.none")}
              </Text>
            )}
          </DialogContent>
          <DialogActions>
            {teams && onJoin && (
              <Button
                appearance="primary"
                icon={<PeopleTeam20Regular />}
                data-testid="meeting-join"
                onClick={onJoin}
              >
                {t("meetings.details.join")}
              </Button>
            )}
            <Button
              appearance={teams && onJoin ? "secondary" : "primary"}
              data-testid="meeting-details-close"
              onClick={onClose}
            >
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

import { makeStyles, tokens } from "@fluentui/react-components";
import {
  Call24Regular,
  CalendarLtr24Regular,
  Chat24Regular,
  Mail24Regular,
  TaskListLtr24Regular,
  PeopleTeam24Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityType } from "../../../ipc/commands";

const useStyles = makeStyles({
  root: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    flexShrink: 0,
    width: "40px",
    height: "40px",
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
  },
});

function iconFor(type: ActivityType, teamsMeeting: boolean): ReactElement {
  switch (type) {
    case "phoneCall":
      return <Call24Regular aria-hidden />;
    case "email":
      return <Mail24Regular aria-hidden />;
    case "meeting":
      return teamsMeeting ? (
        <PeopleTeam24Regular aria-hidden />
      ) : (
        <CalendarLtr24Regular aria-hidden />
      );
    case "textMessage":
      return <Chat24Regular aria-hidden />;
    case "task":
      return <TaskListLtr24Regular aria-hidden />;
  }
}

export type ActivityIconProps = { type: ActivityType; teamsMeeting: boolean };

/** The activity's type as an icon in a circle, labelled for screen readers. */
export function ActivityIcon({ type, teamsMeeting }: ActivityIconProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const label = t(
    type === "meeting" && teamsMeeting
      ? "worklist.activityType.teamsMeeting"
      : `worklist.activityType.${type}`,
  );
  return (
    <span
      className={styles.root}
      role="img"
      aria-label={label}
      title={label}
      data-activity-type={type}
      data-teams-meeting={teamsMeeting || undefined}
    >
      {iconFor(type, teamsMeeting)}
    </span>
  );
}

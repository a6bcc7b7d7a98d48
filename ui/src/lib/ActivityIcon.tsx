import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  Call20Regular,
  CalendarLtr20Regular,
  Chat20Regular,
  Mail20Regular,
  PeopleTeam20Regular,
  TaskListLtr20Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityType } from "../ipc/commands";
import { activityTypeKey } from "./activityTypeKey";

const useStyles = makeStyles({
  root: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    flexShrink: 0,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
  },
  medium: { width: "36px", height: "36px" },
  small: { width: "28px", height: "28px" },
});

function iconFor(type: ActivityType, teamsMeeting: boolean): ReactElement {
  switch (type) {
    case "phoneCall":
      return <Call20Regular aria-hidden />;
    case "email":
      return <Mail20Regular aria-hidden />;
    case "meeting":
      return teamsMeeting ? (
        <PeopleTeam20Regular aria-hidden />
      ) : (
        <CalendarLtr20Regular aria-hidden />
      );
    case "textMessage":
      return <Chat20Regular aria-hidden />;
    case "task":
      return <TaskListLtr20Regular aria-hidden />;
  }
}

export type ActivityIconProps = {
  type: ActivityType;
  teamsMeeting?: boolean;
  size?: "medium" | "small";
};

/** The activity's type as an icon in a circle, labelled for screen readers. */
export function ActivityIcon({ type, teamsMeeting = false, size = "medium" }: ActivityIconProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const label = t(activityTypeKey(type, teamsMeeting));
  return (
    <span
      className={mergeClasses(styles.root, styles[size])}
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

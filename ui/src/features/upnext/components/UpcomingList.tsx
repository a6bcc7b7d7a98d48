import { Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Timer20Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { ActivityType, StepKind, UpcomingStep } from "../../../ipc/commands";
import { ActivityIcon } from "../../../lib/ActivityIcon";
import { activityTypeKey } from "../../../lib/activityTypeKey";
import { formatDuration } from "../../../lib/duration";
import { formatDateTime } from "../../../lib/relativeTime";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "grid",
    gridTemplateColumns: "28px minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "center",
    paddingBlock: tokens.spacingVerticalXS,
  },
  wait: {
    display: "inline-flex",
    justifyContent: "center",
    color: tokens.colorNeutralForeground3,
  },
  body: { display: "flex", flexDirection: "column", minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

function stepType(kind: StepKind): ActivityType | null {
  return kind.kind === "wait" ? null : kind.kind;
}

/** The sequence's steps still to come: waits as "Wait · 2 days", the others by type. */
export function UpcomingList({ steps }: { steps: UpcomingStep[] }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  return (
    <ol className={styles.list}>
      {steps.map((step) => {
        const type = stepType(step.kind);
        const teams = step.kind.kind === "meeting" && step.kind.joinUrl !== null;
        return (
          <li
            key={step.index}
            className={styles.item}
            data-testid="upnext-upcoming-item"
            data-kind={step.kind.kind}
          >
            {type ? (
              <ActivityIcon type={type} teamsMeeting={teams} size="small" />
            ) : (
              <span className={styles.wait}>
                <Timer20Regular aria-hidden />
              </span>
            )}
            <div className={styles.body}>
              {step.kind.kind === "wait" ? (
                <Text className={styles.muted}>
                  {t("upnext.wait", { duration: formatDuration(step.kind.minutes, i18n.language) })}
                </Text>
              ) : (
                <>
                  <Text>{step.subject}</Text>
                  <Caption1 className={styles.muted}>
                    {type && t(activityTypeKey(type, teams))}
                    {" · "}
                    {t("upnext.earliest", {
                      when: formatDateTime(new Date(step.earliestStart), i18n.language),
                    })}
                  </Caption1>
                </>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

import { Button, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import {
  Call20Regular,
  Chat20Regular,
  Mail20Regular,
  PeopleTeam20Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { WorkListCard } from "../../../ipc/commands";

export type QuickAction = "call" | "email" | "textMessage" | "join";

const ICONS: Record<QuickAction, ReactElement> = {
  call: <Call20Regular />,
  email: <Mail20Regular />,
  textMessage: <Chat20Regular />,
  join: <PeopleTeam20Regular />,
};

const useStyles = makeStyles({
  root: {
    position: "absolute",
    // Middle of the right edge: over the record-type badge, never over the due time.
    top: "50%",
    transform: "translateY(-50%)",
    insetInlineEnd: tokens.spacingHorizontalXS,
    display: "flex",
    columnGap: "2px",
    padding: "2px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
    opacity: 0,
    pointerEvents: "none",
    transitionProperty: "opacity",
    transitionDuration: tokens.durationFaster,
  },
});

export type QuickActionsProps = {
  card: WorkListCard;
  tabbable: boolean;
  onAction: (card: WorkListCard, action: QuickAction) => void;
};

/** Call, email, text (and join for Teams meetings), shown on hover and focus. */
export function QuickActions({ card, tabbable, onAction }: QuickActionsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const actions: QuickAction[] = ["call", "email", "textMessage"];
  if (card.activityType === "meeting" && card.teamsMeeting) actions.push("join");

  return (
    <div
      role="gridcell"
      className={`${styles.root} quick-actions`}
      data-testid="worklist-quick-actions"
    >
      {actions.map((action) => {
        const label = t(`worklist.quick.${action}`, { name: card.contactName });
        return (
          <Tooltip key={action} content={label} relationship="label" withArrow>
            <Button
              appearance="subtle"
              size="small"
              icon={ICONS[action]}
              tabIndex={tabbable ? 0 : -1}
              data-testid={`quick-${action}`}
              onClick={(event) => {
                event.stopPropagation();
                onAction(card, action);
              }}
            />
          </Tooltip>
        );
      })}
    </div>
  );
}

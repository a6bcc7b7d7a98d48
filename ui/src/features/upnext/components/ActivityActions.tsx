import { Button, makeStyles, tokens } from "@fluentui/react-components";
import {
  Call20Regular,
  Chat20Regular,
  Checkmark20Regular,
  Mail20Regular,
  Open20Regular,
  PeopleTeam20Regular,
} from "@fluentui/react-icons";
import { useId, type ReactElement } from "react";
import { useTranslation } from "react-i18next";
import {
  actionReason,
  type ActivityAction,
  type ActivityView,
  type MainAction,
} from "../../../ipc/commands";
import { actionState } from "../hooks/actionState";
import { ActionReason } from "./ActionReason";
import { MoreMenu } from "./MoreMenu";

const MAIN_ICONS: Record<MainAction, ReactElement> = {
  call: <Call20Regular />,
  email: <Mail20Regular />,
  join: <PeopleTeam20Regular />,
  open: <Open20Regular />,
  textMessage: <Chat20Regular />,
};

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  buttons: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
  },
});

export type ActivityActionsProps = {
  view: ActivityView;
  /** Why the main action can't be used yet (a step behind a wait), if so. */
  mainBlocked?: string | null;
  primary?: boolean;
  onMain: (view: ActivityView) => void;
  onAction: (view: ActivityView, action: ActivityAction) => void;
};

/** The main action for the step's type, Mark complete, and the More options menu. */
export function ActivityActions({
  view,
  mainBlocked = null,
  primary = true,
  onMain,
  onAction,
}: ActivityActionsProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const complete = actionState(view, "complete");
  const reasonId = useId();
  const completeReason = complete.allowed ? null : actionReason(complete, i18n);
  const mainLabel = t(`upnext.main.${view.mainAction}`);

  // A disabled button says why next to it: the wait in the card, the reason below.
  const main = (
    <Button
      appearance={primary ? "primary" : "secondary"}
      icon={MAIN_ICONS[view.mainAction]}
      data-testid="action-main"
      data-action={view.mainAction}
      disabled={mainBlocked !== null}
      aria-disabled={mainBlocked !== null || undefined}
      onClick={() => mainBlocked === null && onMain(view)}
    >
      {mainLabel}
    </Button>
  );

  return (
    <div className={styles.root}>
      <div className={styles.buttons}>
        {main}
        <Button
          appearance="secondary"
          icon={<Checkmark20Regular />}
          data-testid="action-complete"
          disabled={!complete.allowed}
          aria-disabled={!complete.allowed || undefined}
          aria-describedby={completeReason ? reasonId : undefined}
          onClick={() => complete.allowed && onAction(view, "complete")}
        >
          {t("upnext.complete")}
        </Button>
        <MoreMenu view={view} onAction={(action) => onAction(view, action)} />
      </div>
      {completeReason && <ActionReason id={reasonId} text={completeReason} />}
    </div>
  );
}

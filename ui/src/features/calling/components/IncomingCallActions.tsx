import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { Call20Regular, CallEnd20Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { answerCall, declineCall, type CallInfo } from "../../../ipc/commands";
import { useCallButtonStyles } from "./callButtonStyles";

const useStyles = makeStyles({
  root: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingHorizontalS },
  button: { minWidth: 0 },
});

export type IncomingCallActionsProps = {
  call: CallInfo;
  run: (action: () => Promise<unknown>) => void;
};

/** Answer or decline someone calling the seller. */
export function IncomingCallActions({ call, run }: IncomingCallActionsProps) {
  const styles = useStyles();
  const buttons = useCallButtonStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.root}>
      <Button
        size="large"
        className={mergeClasses(buttons.success, styles.button)}
        icon={<Call20Regular />}
        data-testid="answer-button"
        onClick={() => run(() => answerCall(call.id))}
      >
        {t("calling.answer")}
      </Button>
      <Button
        size="large"
        className={mergeClasses(buttons.danger, styles.button)}
        icon={<CallEnd20Regular />}
        data-testid="decline-button"
        onClick={() => run(() => declineCall(call.id))}
      >
        {t("calling.decline")}
      </Button>
    </div>
  );
}

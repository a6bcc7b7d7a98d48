import { Button, ToggleButton, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  CallEnd20Regular,
  Dialpad20Regular,
  Mic20Regular,
  MicOff20Regular,
  Pause20Regular,
} from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { hangUp, holdCall, muteCall, type CallInfo } from "../../../ipc/commands";
import { isTalking } from "../hooks/callPhase";
import { useCallButtonStyles } from "./callButtonStyles";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gridTemplateColumns: "repeat(3, 1fr)",
    gap: tokens.spacingHorizontalS,
  },
  toggle: { minWidth: 0, flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  hangUp: { gridColumn: "1 / -1" },
});

export type LiveCallControlsProps = {
  call: CallInfo;
  keypadOpen: boolean;
  onToggleKeypad: () => void;
  run: (action: () => Promise<unknown>) => void;
};

/** Mute, hold, keypad and hang up, for a call being dialled or talked on. */
export function LiveCallControls({ call, keypadOpen, onToggleKeypad, run }: LiveCallControlsProps) {
  const styles = useStyles();
  const buttons = useCallButtonStyles();
  const { t } = useTranslation();
  const talking = isTalking(call.phase);
  const onHold = call.phase === "onHold";

  return (
    <div className={styles.root} role="group" aria-label={t("calling.panel")}>
      <ToggleButton
        className={styles.toggle}
        checked={call.muted}
        icon={call.muted ? <MicOff20Regular /> : <Mic20Regular />}
        disabled={!talking}
        data-testid="mute-button"
        onClick={() => run(() => muteCall(call.id, !call.muted))}
      >
        {t("calling.mute")}
      </ToggleButton>
      <ToggleButton
        className={styles.toggle}
        checked={onHold}
        icon={<Pause20Regular />}
        disabled={!talking}
        data-testid="hold-button"
        onClick={() => run(() => holdCall(call.id, !onHold))}
      >
        {t("calling.hold")}
      </ToggleButton>
      <ToggleButton
        className={styles.toggle}
        checked={keypadOpen}
        icon={<Dialpad20Regular />}
        disabled={call.phase !== "connected" && call.phase !== "earlyMedia"}
        data-testid="keypad-button"
        aria-expanded={keypadOpen}
        onClick={onToggleKeypad}
      >
        {t("calling.keypad")}
      </ToggleButton>
      <Button
        className={mergeClasses(buttons.danger, styles.hangUp)}
        size="large"
        icon={<CallEnd20Regular />}
        data-testid="hangup-button"
        onClick={() => run(() => hangUp(call.id))}
      >
        {t("calling.hangUp")}
      </Button>
    </div>
  );
}

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Call20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CallInfo } from "../../../ipc/commands";
import { usePlaceCall } from "../hooks/usePlaceCall";
import { CallError } from "./CallError";
import { DialPad } from "./DialPad";

const useStyles = makeStyles({
  surface: { maxWidth: "380px" },
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
});

export type DialPadDialogProps = {
  recentNumbers: string[];
  onPlaced: (call: CallInfo) => void;
  /** Opens Settings on the phone section. */
  onSetUp: () => void;
  onClose: () => void;
};

/** A manual call to any number, from anywhere in the window (R12). */
export function DialPadDialog({ recentNumbers, onPlaced, onSetUp, onClose }: DialPadDialogProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [number, setNumber] = useState("");
  const { place, busy, error } = usePlaceCall(onPlaced);

  const call = () => {
    if (number === "" || busy) return;
    void place({ record: null, number, forActivity: null, doNotPhoneConfirmed: false });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="dial-pad-dialog">
        <DialogBody>
          <DialogTitle>{t("calling.dialPadTitle")}</DialogTitle>
          <DialogContent className={styles.content}>
            <DialPad
              value={number}
              onChange={setNumber}
              recentNumbers={recentNumbers}
              onSubmit={call}
              autoFocus
            />
            {error !== null && <CallError error={error} onSetUp={onSetUp} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button
              appearance="primary"
              icon={busy ? <Spinner size="tiny" /> : <Call20Regular />}
              disabled={number === ""}
              disabledFocusable={busy}
              data-testid="dial-call"
              onClick={call}
            >
              {t("calling.call")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Call20Regular, Person16Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { upNext, type CallInfo } from "../../../ipc/commands";
import { useLive } from "../../../ipc/useLive";
import { normaliseNumber } from "../hooks/phoneNumber";
import { usePlaceCall } from "../hooks/usePlaceCall";
import { CallError } from "./CallError";
import { DialPad } from "./DialPad";
import { DoNotPhoneDialog } from "./DoNotPhoneDialog";

const useStyles = makeStyles({
  surface: { maxWidth: "380px" },
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  record: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
});

/** The record a number belongs to (a call link): the call is logged on it. */
export type DialPadRecord = { id: string; name: string | null };

export type DialPadDialogProps = {
  recentNumbers: string[];
  /** A number to start with (a call link), as if pasted. */
  number?: string;
  record?: DialPadRecord | null;
  onPlaced: (call: CallInfo) => void;
  /** Opens Settings on the phone section. */
  onSetUp: () => void;
  onClose: () => void;
};

/**
 * A manual call to any number, from anywhere in the window (R12). With a record, the call is
 * logged on it, after asking when its contact asked not to be phoned (R13).
 */
export function DialPadDialog(props: DialPadDialogProps) {
  const { recentNumbers, number: initial = "", record = null, onPlaced, onSetUp, onClose } = props;
  const styles = useStyles();
  const { t } = useTranslation();
  const [number, setNumber] = useState(() => normaliseNumber(initial));
  const [asking, setAsking] = useState(false);
  const { place, busy, error } = usePlaceCall(onPlaced);
  const linked = useLive(record?.id ?? null, upNext);
  const view = linked.status === "success" ? linked.data : null;
  const contact = view?.record.contact ?? null;
  const doNotPhone =
    contact?.doNotPhone === true || view?.dialPlan?.warnings.includes("doNotPhone") === true;

  const dial = (doNotPhoneConfirmed: boolean) =>
    void place({ record: record?.id ?? null, number, forActivity: null, doNotPhoneConfirmed });

  const call = () => {
    if (number === "" || busy) return;
    if (doNotPhone) setAsking(true);
    else dial(false);
  };

  const recordName = view?.record.name ?? record?.name ?? null;
  const belongsTo =
    contact && recordName && contact.name !== recordName
      ? `${contact.name} — ${recordName}`
      : (contact?.name ?? recordName);

  if (asking && contact) {
    return (
      <DoNotPhoneDialog
        contactName={contact.name}
        onContinue={() => {
          setAsking(false);
          dial(true);
        }}
        onCancel={() => setAsking(false)}
      />
    );
  }

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="dial-pad-dialog">
        <DialogBody>
          <DialogTitle>{t("calling.dialPadTitle")}</DialogTitle>
          <DialogContent className={styles.content}>
            {record && belongsTo && (
              <Text className={styles.record} data-testid="dialpad-record">
                <Person16Regular aria-hidden />
                {t("calling.linkRecord", { name: belongsTo })}
              </Text>
            )}
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

import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Call20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  errorMessage,
  type CallInfo,
  type ContactNumber,
  type DialPlan,
} from "../../../ipc/commands";
import type { CallRequest } from "../hooks/callRequest";
import { usePlaceCall } from "../hooks/usePlaceCall";
import { CallError } from "./CallError";
import { DialPad } from "./DialPad";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  number: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  display: { margin: 0 },
  other: { alignSelf: "flex-start" },
});

export type CallPanelProps = {
  request: CallRequest;
  plan: DialPlan | null;
  error: unknown;
  /** R13: the seller went past the do-not-phone warning. */
  doNotPhoneConfirmed: boolean;
  recentNumbers: string[];
  onPlaced: (call: CallInfo) => void;
  /** Opens Settings on the phone section. */
  onSetUp: () => void;
  onClose: () => void;
};

/** Who and what a call dials, and the Call button (R11–R13). */
export function CallPanel(props: CallPanelProps) {
  const { request, plan, error, doNotPhoneConfirmed, recentNumbers } = props;
  const { onPlaced, onSetUp, onClose } = props;
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState("");
  const [otherNumber, setOtherNumber] = useState(false);
  const { place, busy, error: callError } = usePlaceCall(onPlaced);
  const kind = (n: ContactNumber) => t(`calling.kind.${n.kind}`);

  const target = plan?.target.kind === "number" ? plan.target.number : null;
  const showPad = target === null || otherNumber;

  const call = () =>
    void place({
      record: request.recordId,
      number: showPad && typed !== "" ? typed : null,
      forActivity: request.activityId ?? null,
      doNotPhoneConfirmed,
    });

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="call-panel">
        <DialogBody>
          <DialogTitle>{t("calling.title", { name: request.contactName })}</DialogTitle>
          <DialogContent className={styles.content}>
            {error !== null && error !== undefined && (
              <MessageBar intent="error" data-testid="call-plan-error">
                <MessageBarBody>{errorMessage(error, i18n)}</MessageBarBody>
              </MessageBar>
            )}
            {target && (
              <div className={styles.number} data-testid="call-number" data-kind={target.kind}>
                <Title2 as="p" className={styles.display}>
                  {target.display}
                </Title2>
                <Caption1 className={styles.muted}>
                  {kind(target)}
                  {target.region && ` · ${target.region}`}
                </Caption1>
              </div>
            )}
            {!target && error === null && (
              <Text data-testid="call-number" data-kind="dialPad">
                {t("calling.noNumber")}
              </Text>
            )}
            {target && plan?.fallback && (
              <Text data-testid="call-fallback">
                {t("calling.fallback", {
                  number: plan.fallback.display,
                  kind: kind(plan.fallback),
                })}
              </Text>
            )}
            {target && !otherNumber && (
              <Link
                as="button"
                className={styles.other}
                data-testid="call-other-number"
                onClick={() => setOtherNumber(true)}
              >
                {t("calling.otherNumber")}
              </Link>
            )}
            {showPad && (
              <DialPad
                value={typed}
                onChange={setTyped}
                recentNumbers={recentNumbers}
                onSubmit={call}
                autoFocus={otherNumber}
              />
            )}
            {callError !== null && <CallError error={callError} onSetUp={onSetUp} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t("common.close")}
            </Button>
            <Button
              appearance="primary"
              icon={busy ? <Spinner size="tiny" /> : <Call20Regular />}
              disabledFocusable={busy}
              data-testid="call-button"
              onClick={() => !busy && call()}
            >
              {t("calling.call")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

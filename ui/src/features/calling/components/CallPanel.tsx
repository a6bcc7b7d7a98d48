import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Call20Regular, Info16Regular } from "@fluentui/react-icons";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, type ContactNumber, type DialPlan } from "../../../ipc/commands";
import { DialPad } from "./DialPad";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  number: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  display: { margin: 0 },
  reason: {
    display: "flex",
    marginTop: tokens.spacingVerticalS,
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
});

export type CallPanelProps = {
  contactName: string;
  plan: DialPlan | null;
  error: unknown;
  onClose: () => void;
};

/** What a call would dial; the call itself waits for the built-in phone (R11–R13). */
export function CallPanel({ contactName, plan, error, onClose }: CallPanelProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState("");
  const reasonId = useId();
  const kind = (n: ContactNumber) => t(`calling.kind.${n.kind}`);

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="call-panel">
        <DialogBody>
          <DialogTitle>{t("calling.title", { name: contactName })}</DialogTitle>
          <DialogContent className={styles.content}>
            {error !== null && error !== undefined && (
              <MessageBar intent="error" data-testid="call-plan-error">
                <MessageBarBody>{errorMessage(error, i18n)}</MessageBarBody>
              </MessageBar>
            )}
            {plan?.target.kind === "number" && (
              <div
                className={styles.number}
                data-testid="call-number"
                data-kind={plan.target.number.kind}
              >
                <Title2 as="p" className={styles.display}>
                  {plan.target.number.display}
                </Title2>
                <Caption1 className={styles.muted}>
                  {kind(plan.target.number)}
                  {plan.target.number.region && ` · ${plan.target.number.region}`}
                </Caption1>
              </div>
            )}
            {plan?.target.kind === "dialPad" && (
              <>
                <Text data-testid="call-number" data-kind="dialPad">
                  {t("calling.noNumber")}
                </Text>
                <DialPad value={typed} onChange={setTyped} />
              </>
            )}
            {!plan && error === null && (
              <Text data-testid="call-number" data-kind="dialPad">
                {t("calling.noNumber")}
              </Text>
            )}
            {plan?.fallback && (
              <Text data-testid="call-fallback">
                {t("calling.fallback", {
                  number: plan.fallback.display,
                  kind: kind(plan.fallback),
                })}
              </Text>
            )}
            <Caption1 className={styles.reason} id={reasonId} data-testid="call-disabled-reason">
              <Info16Regular aria-hidden />
              {t("calling.notYet")}
            </Caption1>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t("common.close")}
            </Button>
            <Button
              appearance="primary"
              icon={<Call20Regular />}
              disabled
              aria-disabled
              aria-describedby={reasonId}
              data-testid="call-button"
            >
              {t("calling.call")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { Call20Regular, Checkmark20Regular, Dismiss20Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { callNextNumber, dismissCall, type CallInfo } from "../../../ipc/commands";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export type EndedCallActionsProps = {
  call: CallInfo;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  /** The mobile is dialling: the panel follows that call now. */
  onPlaced: (call: CallInfo) => void;
  onComplete: () => void;
};

/** After a call: the mobile one click away (R12), Mark complete with a note (R14), Close. */
export function EndedCallActions({ call, run, onPlaced, onComplete }: EndedCallActionsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const next = call.nextNumber;

  const callNext = async () => {
    const placed = await run(() => callNextNumber(call.id));
    if (placed) onPlaced(placed);
  };

  return (
    <div className={styles.root}>
      {next && (
        <Button
          appearance="primary"
          icon={<Call20Regular />}
          data-testid="call-next-number"
          onClick={() => void callNext()}
        >
          {t(`calling.callNext.${next.kind}`, { number: next.display })}
        </Button>
      )}
      <div className={styles.row}>
        {call.activity && (
          <Button
            appearance={next ? "secondary" : "primary"}
            icon={<Checkmark20Regular />}
            data-testid="call-complete"
            onClick={onComplete}
          >
            {t("calling.complete")}
          </Button>
        )}
        <Button
          appearance="secondary"
          icon={<Dismiss20Regular />}
          data-testid="call-dismiss"
          onClick={() => void run(() => dismissCall(call.id))}
        >
          {t("common.close")}
        </Button>
      </div>
    </div>
  );
}

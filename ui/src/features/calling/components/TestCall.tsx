import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Headset20Regular, Stop20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, startTestCall, stopTestCall } from "../../../ipc/commands";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  row: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalM },
  hint: { color: tokens.colorNeutralForeground3 },
  meter: { flexGrow: 1 },
});

/**
 * The Test call: talk, and hear yourself a second later through the chosen headset — no
 * server needed. While it runs, the microphone's level moves.
 */
export function TestCall({ level }: { level: number | null }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const running = level !== null;

  const toggle = async () => {
    setError(null);
    try {
      await (running ? stopTestCall() : startTestCall());
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className={styles.root}>
      <div className={styles.row}>
        <Button
          icon={running ? <Stop20Regular /> : <Headset20Regular />}
          aria-pressed={running}
          data-testid="phone-test-call"
          onClick={() => void toggle()}
        >
          {running ? t("calling.testCall.stop") : t("calling.testCall.start")}
        </Button>
        <Caption1 className={styles.hint}>
          {running ? t("calling.testCall.talk") : t("calling.testCall.hint")}
        </Caption1>
      </div>
      {running && (
        <Field label={t("calling.testCall.level")} className={styles.meter}>
          <ProgressBar
            value={Math.min(1, level / 300)}
            thickness="large"
            data-testid="phone-test-level"
            data-level={level}
          />
        </Field>
      )}
      {error !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="phone-test-error">
          <MessageBarBody>{errorMessage(error, i18n)}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

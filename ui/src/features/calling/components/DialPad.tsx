import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  keys: {
    display: "grid",
    gridTemplateColumns: "repeat(3, 56px)",
    gap: tokens.spacingHorizontalS,
    justifyContent: "center",
  },
});

/** A number typed or tapped in by hand, for contacts without a usable number (R12). */
export function DialPad({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.root}>
      <Field label={t("calling.dialPadNumber")}>
        <Input
          type="tel"
          inputMode="tel"
          data-testid="dial-pad-input"
          value={value}
          onChange={(_, data) => onChange(data.value.replace(/[^0-9+*#\s()-]/g, ""))}
        />
      </Field>
      <div className={styles.keys} role="group" aria-label={t("calling.dialPad")}>
        {KEYS.map((key) => (
          <Button key={key} size="large" onClick={() => onChange(value + key)}>
            {key}
          </Button>
        ))}
      </div>
    </div>
  );
}

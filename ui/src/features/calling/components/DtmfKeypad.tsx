import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { KEYPAD_KEYS } from "../hooks/phoneNumber";

const useStyles = makeStyles({
  keys: {
    display: "grid",
    gridTemplateColumns: "repeat(3, 1fr)",
    gap: tokens.spacingHorizontalS,
  },
  key: { minWidth: 0, fontSize: tokens.fontSizeBase500 },
});

/** The 12 keys that send tones into a call (menus, extensions, PINs). */
export function DtmfKeypad({ onKey }: { onKey: (key: string) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.keys} role="group" aria-label={t("calling.keypadKeys")}>
      {KEYPAD_KEYS.map((key) => (
        <Button
          key={key}
          size="large"
          className={styles.key}
          data-testid={`dtmf-key-${key}`}
          onClick={() => onKey(key)}
        >
          {key}
        </Button>
      ))}
    </div>
  );
}

import {
  Button,
  Caption1,
  Field,
  Input,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Backspace20Regular, History16Regular } from "@fluentui/react-icons";
import { useId, useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { KEYPAD_KEYS, normaliseNumber } from "../hooks/phoneNumber";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  entry: { display: "flex", alignItems: "flex-end", columnGap: tokens.spacingHorizontalXS },
  field: { flexGrow: 1 },
  input: { fontSize: tokens.fontSizeBase500, letterSpacing: "0.04em" },
  keys: {
    display: "grid",
    gridTemplateColumns: "repeat(3, 64px)",
    gap: tokens.spacingHorizontalS,
    justifyContent: "center",
  },
  key: { minWidth: "64px", fontSize: tokens.fontSizeBase500 },
  recent: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  recentTitle: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
  recentList: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXS,
  },
});

export type DialPadProps = {
  value: string;
  onChange: (value: string) => void;
  /** Numbers dialled lately, newest first: a click fills the number in. */
  recentNumbers?: string[];
  /** Enter in the number field. */
  onSubmit?: () => void;
  autoFocus?: boolean;
};

/**
 * A number typed, pasted or tapped in (R12: always reachable for a manual call). What can't be
 * dialled is dropped as it comes: "+30 (210) 123-4567" stays "+302101234567".
 */
export function DialPad({
  value,
  onChange,
  recentNumbers = [],
  onSubmit,
  autoFocus,
}: DialPadProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const recentId = useId();

  const set = (next: string) => onChange(normaliseNumber(next));
  const press = (key: string) => {
    set(value + key);
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" && onSubmit) {
      event.preventDefault();
      onSubmit();
    }
  };

  return (
    <div className={styles.root}>
      <div className={styles.entry}>
        <Field label={t("calling.dialPadNumber")} className={styles.field}>
          <Input
            ref={input}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            autoFocus={autoFocus}
            className={styles.input}
            data-testid="dial-pad-input"
            value={value}
            onChange={(_, data) => set(data.value)}
            onKeyDown={onKeyDown}
          />
        </Field>
        <Tooltip content={t("calling.backspace")} relationship="label">
          <Button
            appearance="subtle"
            size="large"
            icon={<Backspace20Regular />}
            disabled={value === ""}
            data-testid="dial-backspace"
            onClick={() => set(value.slice(0, -1))}
          />
        </Tooltip>
      </div>
      <div className={styles.keys} role="group" aria-label={t("calling.dialPadKeys")}>
        {KEYPAD_KEYS.map((key) => (
          <Button
            key={key}
            size="large"
            className={styles.key}
            data-testid={`dial-key-${key}`}
            onClick={() => press(key)}
          >
            {key}
          </Button>
        ))}
        <span />
        <Button
          size="large"
          className={styles.key}
          data-testid="dial-key-+"
          disabled={value !== ""}
          onClick={() => press("+")}
        >
          +
        </Button>
      </div>
      {recentNumbers.length > 0 && (
        <div className={styles.recent}>
          <Caption1 className={styles.recentTitle} id={recentId}>
            <History16Regular aria-hidden />
            {t("calling.recent")}
          </Caption1>
          <ul className={styles.recentList} aria-labelledby={recentId}>
            {recentNumbers.map((n) => (
              <li key={n}>
                <Button
                  size="small"
                  appearance="secondary"
                  data-testid="dial-recent"
                  onClick={() => set(n)}
                >
                  {n}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

import { Dropdown, Option, makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { minWidth: 0, width: "100%" },
  button: { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" },
});

export type SingleSelectProps<T extends string> = {
  testId: string;
  label: string;
  options: readonly T[];
  optionLabel: (value: T) => string;
  value: T;
  onChange: (value: T) => void;
};

/** A compact dropdown with exactly one value chosen. */
export function SingleSelect<T extends string>(props: SingleSelectProps<T>) {
  const { testId, label, options, optionLabel, value, onChange } = props;
  const styles = useStyles();
  return (
    <Dropdown
      size="small"
      className={styles.root}
      button={{ className: styles.button }}
      data-testid={testId}
      aria-label={label}
      title={label}
      value={optionLabel(value)}
      selectedOptions={[value]}
      onOptionSelect={(_, data) => data.optionValue && onChange(data.optionValue as T)}
    >
      {options.map((option) => (
        <Option key={option} value={option}>
          {optionLabel(option)}
        </Option>
      ))}
    </Dropdown>
  );
}

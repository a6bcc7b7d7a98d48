import { Dropdown, Option, makeStyles } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";

const useStyles = makeStyles({
  root: { minWidth: 0, width: "100%" },
  button: { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" },
});

export type MultiSelectFilterProps<T extends string> = {
  testId: string;
  label: string;
  options: readonly T[];
  optionLabel: (value: T) => string;
  selected: T[];
  onChange: (selected: T[]) => void;
};

/** A filter that takes any number of values; none selected means "all". */
export function MultiSelectFilter<T extends string>(props: MultiSelectFilterProps<T>) {
  const { testId, label, options, optionLabel, selected, onChange } = props;
  const styles = useStyles();
  const { t } = useTranslation();
  const summary =
    selected.length === 0
      ? ""
      : selected.length === 1
        ? optionLabel(selected[0])
        : t("filters.count", { label, count: selected.length });

  return (
    <Dropdown
      multiselect
      size="small"
      className={styles.root}
      button={{ className: styles.button }}
      data-testid={testId}
      aria-label={label}
      title={selected.length > 1 ? selected.map(optionLabel).join(", ") : label}
      placeholder={label}
      value={summary}
      selectedOptions={selected}
      onOptionSelect={(_, data) =>
        onChange(options.filter((o) => data.selectedOptions.includes(o)))
      }
    >
      {options.map((value) => (
        <Option key={value} value={value}>
          {optionLabel(value)}
        </Option>
      ))}
    </Dropdown>
  );
}

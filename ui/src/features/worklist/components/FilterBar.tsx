import {
  Button,
  Caption1,
  SearchBox,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowSortDown20Regular, ArrowSortUp20Regular } from "@fluentui/react-icons";
import { forwardRef, memo } from "react";
import { useTranslation } from "react-i18next";
import {
  ACTIVITY_TYPES,
  DUE_BUCKETS,
  GROUPS,
  OWNERS,
  RECORD_KINDS,
  SORT_KEYS,
  type WorkListView,
} from "../hooks/workListView";
import { MultiSelectFilter } from "./MultiSelectFilter";
import { SingleSelect } from "./SingleSelect";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalS,
  },
  search: { width: "100%", maxWidth: "none" },
  filters: {
    display: "grid",
    gridTemplateColumns: "repeat(4, minmax(0, 1fr))",
    columnGap: tokens.spacingHorizontalXS,
  },
  arrange: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr) auto auto minmax(0, 1fr)",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
  },
  label: { color: tokens.colorNeutralForeground3, paddingInlineStart: tokens.spacingHorizontalXS },
});

export type FilterBarProps = {
  view: WorkListView;
  onChange: (change: Partial<WorkListView>) => void;
  search: string;
  onSearch: (text: string) => void;
};

/** Search, filters, sort and grouping above the work list. */
export const FilterBar = memo(
  forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar(
    { view, onChange, search, onSearch },
    searchRef,
  ) {
    const styles = useStyles();
    const { t } = useTranslation();

    return (
      <div className={styles.root} role="search" aria-label={t("filters.label")}>
        <SearchBox
          ref={searchRef}
          className={styles.search}
          data-testid="worklist-search"
          aria-label={t("filters.search")}
          placeholder={t("filters.searchPlaceholder")}
          value={search}
          onChange={(_, data) => onSearch(data.value)}
        />
        <div className={styles.filters}>
          <MultiSelectFilter
            testId="filter-type"
            label={t("filters.type")}
            options={ACTIVITY_TYPES}
            optionLabel={(v) => t(`common.activityType.${v}`)}
            selected={view.types}
            onChange={(types) => onChange({ types })}
          />
          <MultiSelectFilter
            testId="filter-due"
            label={t("filters.due")}
            options={DUE_BUCKETS}
            optionLabel={(v) => t(`worklist.dueBucket.${v}`)}
            selected={view.due}
            onChange={(due) => onChange({ due })}
          />
          <MultiSelectFilter
            testId="filter-kind"
            label={t("filters.kind")}
            options={RECORD_KINDS}
            optionLabel={(v) => t(`common.recordKind.${v}`)}
            selected={view.recordKinds}
            onChange={(recordKinds) => onChange({ recordKinds })}
          />
          <SingleSelect
            testId="filter-owner"
            label={t("filters.owner")}
            options={OWNERS}
            optionLabel={(v) => t(`filters.ownerChoice.${v}`)}
            value={view.owner}
            onChange={(owner) => onChange({ owner })}
          />
        </div>
        <div className={styles.arrange}>
          <Caption1 className={styles.label}>{t("filters.sortBy")}</Caption1>
          <SingleSelect
            testId="worklist-sort"
            label={t("filters.sort")}
            options={SORT_KEYS}
            optionLabel={(v) => t(`filters.sortKey.${v}`)}
            value={view.sort}
            onChange={(sort) => onChange({ sort })}
          />
          <Tooltip
            content={view.descending ? t("filters.descending") : t("filters.ascending")}
            relationship="label"
          >
            <Button
              size="small"
              appearance="subtle"
              data-testid="worklist-sort-direction"
              data-descending={view.descending}
              icon={view.descending ? <ArrowSortDown20Regular /> : <ArrowSortUp20Regular />}
              onClick={() => onChange({ descending: !view.descending })}
            />
          </Tooltip>
          <Caption1 className={styles.label}>{t("filters.groupBy")}</Caption1>
          <SingleSelect
            testId="worklist-group"
            label={t("filters.group")}
            options={GROUPS}
            optionLabel={(v) => t(`filters.groupChoice.${v}`)}
            value={view.groupBy}
            onChange={(groupBy) => onChange({ groupBy })}
          />
        </div>
      </div>
    );
  }),
);

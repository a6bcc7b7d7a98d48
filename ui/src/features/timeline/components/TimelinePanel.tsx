import {
  Dropdown,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import { errorMessage, type DirectoryView } from "../../../ipc/commands";
import { TIMELINE_KINDS, type TimelineFilter } from "../hooks/timelineFilter";
import { useTimeline } from "../hooks/useTimeline";
import { TimelineItem } from "./TimelineItem";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalM,
  },
  title: { margin: 0, color: tokens.colorNeutralForeground2 },
  filter: { minWidth: "180px" },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

export type TimelinePanelProps = { recordId: string; directory: DirectoryView | null };

/** What happened on the record, newest first, filterable by kind. */
export function TimelinePanel({ recordId, directory }: TimelinePanelProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const live = useTimeline(recordId);
  const [filter, setFilter] = useState<TimelineFilter>("all");
  const now = useNow();
  const entries = useMemo(() => {
    const all = live.status === "success" ? live.data : [];
    return filter === "all" ? all : all.filter((e) => e.event.kind === filter);
  }, [live, filter]);

  const label = (f: TimelineFilter) => t(`timeline.filter.${f}`);

  return (
    <section className={styles.root} aria-labelledby={titleId} data-testid="timeline">
      <div className={styles.heading}>
        <Subtitle2 as="h3" id={titleId} className={styles.title}>
          {t("timeline.title")}
        </Subtitle2>
        <Dropdown
          size="small"
          className={styles.filter}
          data-testid="timeline-filter"
          aria-label={t("timeline.filterLabel")}
          value={label(filter)}
          selectedOptions={[filter]}
          onOptionSelect={(_, data) =>
            data.optionValue && setFilter(data.optionValue as TimelineFilter)
          }
        >
          {(["all", ...TIMELINE_KINDS] as TimelineFilter[]).map((f) => (
            <Option key={f} value={f}>
              {label(f)}
            </Option>
          ))}
        </Dropdown>
      </div>
      {live.status === "loading" && <Spinner size="small" label={t("timeline.loading")} />}
      {live.status === "error" && (
        <MessageBar intent="error" data-testid="timeline-error">
          <MessageBarBody>
            <MessageBarTitle>{t("timeline.loadError")}</MessageBarTitle>
            {errorMessage(live.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {live.status === "success" && entries.length === 0 && (
        <Text className={styles.muted} data-testid="timeline-empty">
          {filter === "all" ? t("timeline.empty") : t("timeline.emptyFiltered")}
        </Text>
      )}
      {entries.length > 0 && (
        <ol className={styles.list}>
          {entries.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} directory={directory} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}

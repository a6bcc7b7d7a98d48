import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { forwardRef, useCallback, useImperativeHandle, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import { errorMessage, type WorkListCard } from "../../../ipc/commands";
import { useWorkListPages } from "../hooks/useWorkListPages";
import { useWorkListView } from "../hooks/useWorkListView";
import { EmptyState } from "./EmptyState";
import { FilterBar } from "./FilterBar";
import type { QuickAction } from "./QuickActions";
import { VirtualWorkList, type VirtualWorkListHandle } from "./VirtualWorkList";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    height: "100%",
    minHeight: 0,
  },
  heading: {
    display: "flex",
    alignItems: "baseline",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalM,
    paddingInline: tokens.spacingHorizontalM,
  },
  title: { margin: 0 },
  count: { color: tokens.colorNeutralForeground3 },
  centre: {
    display: "flex",
    justifyContent: "center",
    paddingBlock: tokens.spacingVerticalXXXL,
  },
  error: { marginInline: tokens.spacingHorizontalM },
});

export type WorkListHandle = {
  /** Moves the selection one card down (1) or up (-1); the focus follows when it was on the list. */
  move: (delta: 1 | -1) => void;
  focusSearch: () => void;
};

export type WorkListProps = {
  selectedActivityId?: string | null;
  onSelect?: (card: WorkListCard) => void;
  onOpen?: (card: WorkListCard) => void;
  onQuickAction?: (card: WorkListCard, action: QuickAction) => void;
};

const ignore = () => {};

/** The seller's open activities: filters, sort, grouping and a virtualised list of cards. */
export const WorkList = forwardRef<WorkListHandle, WorkListProps>(function WorkList(
  { selectedActivityId = null, onSelect = ignore, onOpen = ignore, onQuickAction = ignore },
  ref,
) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const { view, update, search, setSearch, clearFilters, query, filtered } = useWorkListView();
  const pages = useWorkListPages(query);
  const now = useNow();
  const list = useRef<VirtualWorkListHandle>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const section = useRef<HTMLElement>(null);

  const { cards, nextCursor, loadMore } = pages;
  useImperativeHandle(
    ref,
    () => ({
      move(delta) {
        if (cards.length === 0) return;
        const at = cards.findIndex((c) => c.activityId === selectedActivityId);
        const next = at < 0 ? 0 : Math.min(cards.length - 1, Math.max(0, at + delta));
        if (at >= cards.length - 2 && nextCursor) loadMore();
        const card = cards[next];
        const focusWasHere =
          section.current?.contains(document.activeElement) === true &&
          document.activeElement?.getAttribute("role") === "row";
        onSelect(card);
        list.current?.reveal(card.activityId, focusWasHere);
      },
      focusSearch() {
        searchBox.current?.focus();
        searchBox.current?.select();
      },
    }),
    [cards, nextCursor, loadMore, selectedActivityId, onSelect],
  );

  const onNearEnd = useCallback(() => loadMore(), [loadMore]);

  let body: ReactNode;
  if (pages.status === "loading") {
    body = (
      <div className={styles.centre}>
        <Spinner label={t("worklist.loading")} />
      </div>
    );
  } else if (pages.status === "error") {
    body = (
      <MessageBar intent="error" data-testid="worklist-error" className={styles.error}>
        <MessageBarBody>
          <MessageBarTitle>{t("worklist.loadError")}</MessageBarTitle>
          {errorMessage(pages.error, i18n)}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={pages.retry}>{t("worklist.retry")}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  } else if (cards.length === 0) {
    body = <EmptyState filtered={filtered} onClear={clearFilters} />;
  } else {
    body = (
      <VirtualWorkList
        ref={list}
        cards={cards}
        resultsOf={pages.shownQuery}
        busy={pages.stale}
        groupBy={pages.shownQuery.groupBy}
        hasMore={nextCursor !== null}
        total={pages.total}
        now={now}
        selectedActivityId={selectedActivityId}
        onSelect={onSelect}
        onOpen={onOpen}
        onQuickAction={onQuickAction}
        onNearEnd={onNearEnd}
      />
    );
  }

  return (
    <section ref={section} className={styles.root} aria-labelledby="worklist-title">
      <div className={styles.heading}>
        <Title3 as="h2" id="worklist-title" className={styles.title}>
          {t("worklist.title")}
        </Title3>
        {pages.status === "ready" && pages.total !== null && (
          <Caption1 className={styles.count} data-testid="worklist-total" aria-live="polite">
            {t("worklist.total", {
              count: pages.total,
              formatted: pages.total.toLocaleString(i18n.language),
            })}
          </Caption1>
        )}
      </div>
      <FilterBar
        ref={searchBox}
        view={view}
        onChange={update}
        search={search}
        onSearch={setSearch}
      />
      {body}
    </section>
  );
});

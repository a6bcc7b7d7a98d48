import { Spinner, makeStyles, tokens } from "@fluentui/react-components";
import {
  defaultRangeExtractor,
  observeElementRect,
  useVirtualizer,
  type Range,
} from "@tanstack/react-virtual";
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { GroupBy, WorkListCard } from "../../../ipc/commands";
import { buildRows, rowHeight } from "../hooks/workListRows";
import { GroupHeader } from "./GroupHeader";
import type { QuickAction } from "./QuickActions";
import { WorkCard } from "./WorkCard";

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: "auto",
    overflowX: "hidden",
    contain: "strict",
    paddingBlock: tokens.spacingVerticalXS,
  },
  inner: { position: "relative", width: "100%" },
  more: {
    position: "absolute",
    left: 0,
    right: 0,
    display: "flex",
    justifyContent: "center",
    alignItems: "center",
  },
});

/** Until the list is laid out (or where there is no layout, as in tests), draw a screenful. */
const FALLBACK_HEIGHT = 900;
/** Load the next page when the seller is this many rows from the end. */
const LOAD_AHEAD_ROWS = 30;

export type VirtualWorkListHandle = {
  /** Scrolls to a card and, when `focus`, puts the keyboard focus on it. */
  reveal: (activityId: string, focus: boolean) => void;
};

export type VirtualWorkListProps = {
  cards: WorkListCard[];
  /** The query the cards answer: when it changes, the list starts again from the top. */
  resultsOf?: unknown;
  /** Newer results are on their way (the cards are the previous query's). */
  busy?: boolean;
  groupBy: GroupBy | null;
  hasMore: boolean;
  total: number | null;
  now: Date;
  selectedActivityId: string | null;
  onSelect: (card: WorkListCard) => void;
  onOpen: (card: WorkListCard) => void;
  onQuickAction: (card: WorkListCard, action: QuickAction) => void;
  onNearEnd: () => void;
};

/** The cards as a virtualised grid: only the rows in view (and the selected one) are drawn. */
export const VirtualWorkList = forwardRef<VirtualWorkListHandle, VirtualWorkListProps>(
  function VirtualWorkList(props, ref) {
    const { cards, resultsOf, busy = false, groupBy, hasMore, total, now } = props;
    const { selectedActivityId } = props;
    const { onSelect, onOpen, onQuickAction, onNearEnd } = props;
    const styles = useStyles();
    const { t } = useTranslation();
    const scroller = useRef<HTMLDivElement>(null);
    const rows = useMemo(() => buildRows(cards, groupBy, hasMore), [cards, groupBy, hasMore]);

    // For the launch benchmark: when the first cards reached the screen.
    useEffect(() => {
      if (cards.length > 0 && performance.getEntriesByName("first-cards").length === 0) {
        performance.mark("first-cards");
      }
    }, [cards.length]);

    const selectedRow = useMemo(
      () => rows.findIndex((r) => r.kind === "card" && r.card.activityId === selectedActivityId),
      [rows, selectedActivityId],
    );
    const firstCardRow = useMemo(() => rows.findIndex((r) => r.kind === "card"), [rows]);
    const focusRow = selectedRow >= 0 ? selectedRow : firstCardRow;

    // The focusable row must stay drawn, or the keyboard focus would fall off the list.
    const rangeExtractor = useCallback(
      (range: Range) => {
        const indexes = defaultRangeExtractor(range);
        if (focusRow >= 0 && !indexes.includes(focusRow)) {
          indexes.push(focusRow);
          indexes.sort((a, b) => a - b);
        }
        return indexes;
      },
      [focusRow],
    );

    const virtualizer = useVirtualizer({
      count: rows.length,
      getScrollElement: () => scroller.current,
      estimateSize: (index) => rowHeight(rows[index]),
      getItemKey: (index) => rows[index].key,
      overscan: 10,
      rangeExtractor,
      observeElementRect: (instance, cb) =>
        observeElementRect(instance, (rect) =>
          cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_HEIGHT }),
        ),
    });

    const shownFor = useRef(resultsOf);
    useEffect(() => {
      if (shownFor.current === resultsOf) return;
      shownFor.current = resultsOf;
      virtualizer.scrollToOffset(0);
    }, [resultsOf, virtualizer]);

    const items = virtualizer.getVirtualItems();
    const lastIndex = items.length > 0 ? items[items.length - 1].index : 0;
    useEffect(() => {
      if (hasMore && lastIndex >= rows.length - LOAD_AHEAD_ROWS) onNearEnd();
    }, [hasMore, lastIndex, rows.length, onNearEnd]);

    useImperativeHandle(
      ref,
      () => ({
        reveal(activityId, focus) {
          const index = rows.findIndex(
            (r) => r.kind === "card" && r.card.activityId === activityId,
          );
          if (index < 0) return;
          virtualizer.scrollToIndex(index, { align: "auto" });
          if (focus) {
            requestAnimationFrame(() => {
              scroller.current
                ?.querySelector<HTMLElement>(`[data-activity-id="${CSS.escape(activityId)}"]`)
                ?.focus({ preventScroll: true });
            });
          }
        },
      }),
      [rows, virtualizer],
    );

    return (
      <div
        ref={scroller}
        role="grid"
        aria-label={t("worklist.label")}
        aria-rowcount={groupBy || total === null ? -1 : total}
        aria-colcount={2}
        aria-busy={busy || undefined}
        data-testid="worklist"
        className={styles.scroller}
      >
        <div
          role="rowgroup"
          className={styles.inner}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const row = rows[item.index];
            if (row.kind === "header") {
              return (
                <GroupHeader
                  key={item.key}
                  group={row.group}
                  groupBy={row.groupBy}
                  top={item.start}
                  height={item.size}
                  rowIndex={item.index}
                />
              );
            }
            if (row.kind === "more") {
              return (
                <div
                  key={item.key}
                  role="row"
                  className={styles.more}
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                >
                  <div role="gridcell">
                    <Spinner size="tiny" label={t("worklist.loadingMore")} />
                  </div>
                </div>
              );
            }
            return (
              <WorkCard
                key={item.key}
                card={row.card}
                now={now}
                selected={row.card.activityId === selectedActivityId}
                focusable={item.index === focusRow}
                top={item.start}
                height={item.size}
                rowIndex={item.index}
                onSelect={onSelect}
                onOpen={onOpen}
                onQuickAction={onQuickAction}
              />
            );
          })}
        </div>
      </div>
    );
  },
);

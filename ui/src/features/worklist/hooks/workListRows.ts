import type { GroupBy, WorkListCard } from "../../../ipc/commands";

export type WorkListRow =
  | { kind: "header"; key: string; group: string; groupBy: GroupBy }
  | { kind: "card"; key: string; card: WorkListCard; cardIndex: number }
  | { kind: "more"; key: string };

/** The heights the rows are drawn at: fixed per row, so 100,000 rows need no measuring. */
export const HEADER_HEIGHT = 36;
export const MORE_HEIGHT = 48;
const CARD_BASE_HEIGHT = 82;
const META_LINE_HEIGHT = 18;

export function rowHeight(row: WorkListRow): number {
  switch (row.kind) {
    case "header":
      return HEADER_HEIGHT;
    case "more":
      return MORE_HEIGHT;
    case "card": {
      const lines = (row.card.localTime ? 1 : 0) + (row.card.ownedByMe ? 0 : 1);
      return CARD_BASE_HEIGHT + lines * META_LINE_HEIGHT;
    }
  }
}

function groupOf(card: WorkListCard, groupBy: GroupBy): string {
  return groupBy === "dueBucket" ? card.dueBucket : card.activityType;
}

/** Cards with a header before each group (the back end sends them ordered by group). */
export function buildRows(
  cards: WorkListCard[],
  groupBy: GroupBy | null,
  hasMore: boolean,
): WorkListRow[] {
  const rows: WorkListRow[] = [];
  let previous: string | null = null;
  cards.forEach((card, cardIndex) => {
    if (groupBy) {
      const group = groupOf(card, groupBy);
      if (group !== previous) {
        rows.push({ kind: "header", key: `h:${group}:${cardIndex}`, group, groupBy });
        previous = group;
      }
    }
    rows.push({ kind: "card", key: card.activityId, card, cardIndex });
  });
  if (hasMore) rows.push({ kind: "more", key: "more" });
  return rows;
}

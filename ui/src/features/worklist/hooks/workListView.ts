import type {
  ActivityType,
  DueBucket,
  GroupBy,
  RecordKind,
  SortKey,
  WorkListQuery,
} from "../../../ipc/commands";
import { DEFAULT_WORK_LIST_QUERY } from "../../../ipc/commands";

export const ACTIVITY_TYPES: ActivityType[] = [
  "phoneCall",
  "email",
  "meeting",
  "textMessage",
  "task",
];
export const DUE_BUCKETS: DueBucket[] = ["overdue", "today", "tomorrow", "thisWeek", "later"];
export const RECORD_KINDS: RecordKind[] = ["lead", "opportunity"];
export const OWNERS = ["anyone", "me", "notMe"] as const;
export const SORT_KEYS: SortKey[] = ["due", "name", "score", "recordKind", "lastContacted"];
export const GROUPS = ["none", "dueBucket", "activityType"] as const;

export type OwnerChoice = (typeof OWNERS)[number];
export type GroupChoice = (typeof GROUPS)[number];

/** How the seller set up the list: remembered between launches (the search is not). */
export type WorkListView = {
  types: ActivityType[];
  due: DueBucket[];
  recordKinds: RecordKind[];
  owner: OwnerChoice;
  sort: SortKey;
  descending: boolean;
  groupBy: GroupChoice;
};

export const DEFAULT_VIEW: WorkListView = {
  types: [],
  due: [],
  recordKinds: [],
  owner: "anyone",
  sort: "due",
  descending: false,
  groupBy: "none",
};

export const VIEW_KEY = "nextline.worklist.view";

const subset = <T>(value: unknown, all: readonly T[]): value is T[] =>
  Array.isArray(value) && value.every((v) => all.includes(v as T));

export function isView(value: unknown): value is WorkListView {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    subset(v.types, ACTIVITY_TYPES) &&
    subset(v.due, DUE_BUCKETS) &&
    subset(v.recordKinds, RECORD_KINDS) &&
    OWNERS.includes(v.owner as OwnerChoice) &&
    SORT_KEYS.includes(v.sort as SortKey) &&
    typeof v.descending === "boolean" &&
    GROUPS.includes(v.groupBy as GroupChoice)
  );
}

/** Whether any filter (not sort or grouping) narrows the list. */
export function isFiltered(view: WorkListView, search: string): boolean {
  return (
    view.types.length > 0 ||
    view.due.length > 0 ||
    view.recordKinds.length > 0 ||
    view.owner !== "anyone" ||
    search.trim() !== ""
  );
}

/** The first page's query for a view and search text. */
export function toQuery(view: WorkListView, search: string): WorkListQuery {
  const text = search.trim();
  return {
    ...DEFAULT_WORK_LIST_QUERY,
    types: view.types,
    due: view.due,
    recordKinds: view.recordKinds,
    owner: { kind: view.owner },
    search: text === "" ? null : text,
    sort: view.sort,
    descending: view.descending,
    groupBy: view.groupBy === "none" ? null : (view.groupBy as GroupBy),
  };
}

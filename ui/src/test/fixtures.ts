import type { AppInfo, WorkListCard, WorkListPage } from "../ipc/commands";

/** A fixed "now" for tests: Wednesday 2025-06-11 10:00 UTC. */
export const NOW = new Date("2025-06-11T10:00:00Z");

export function hoursFromNow(hours: number): string {
  return new Date(NOW.getTime() + hours * 3_600_000).toISOString();
}

export function makeCard(overrides: Partial<WorkListCard> = {}): WorkListCard {
  return {
    recordId: "lead-1",
    recordKind: "lead",
    name: "Aegean Olive Co.",
    company: "Aegean Olive Co.",
    contactName: "Maria Papadopoulou",
    activityId: "act-1",
    activityType: "phoneCall",
    teamsMeeting: false,
    subject: "Intro call about bulk orders",
    due: hoursFromNow(2),
    dueBucket: "today",
    startsLater: false,
    ownerId: "user-me",
    ownerName: "Nikos Georgiou",
    ownedByMe: true,
    score: 80,
    lastContacted: null,
    localTime: { time: "13:00", timeZone: "Europe/Athens", withinCallingHours: true },
    ...overrides,
  };
}

export function makePage(
  cards: WorkListCard[],
  overrides: Partial<WorkListPage> = {},
): WorkListPage {
  return { cards, nextCursor: null, total: cards.length, ...overrides };
}

export function makeAppInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    demo: false,
    currentUser: { id: "user-me", name: "Nikos Georgiou" },
    recordCount: 42,
    version: "0.1.0",
    language: "en",
    ...overrides,
  };
}

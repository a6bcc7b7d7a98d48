import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { notifyChanged } from "../../../ipc/changes";
import {
  DEFAULT_WORK_LIST_QUERY,
  type WorkListPage,
  type WorkListQuery,
} from "../../../ipc/commands";
import { NOW, makeCard, makePage, withoutTotal } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders } from "../../../test/render";
import { VIEW_KEY } from "../hooks/workListView";
import { WorkList } from "./WorkList";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const queries = (calls: ReturnType<typeof mockBackend>) =>
  callsTo(calls, "work_list").map((a) => (a as { query: WorkListQuery }).query);

const lastQuery = (calls: ReturnType<typeof mockBackend>): WorkListQuery | undefined => {
  const all = queries(calls);
  return all[all.length - 1];
};

async function choose(testId: string, option: string) {
  await userEvent.click(screen.getByTestId(testId));
  await userEvent.click(await findOption(option));
}

/** Single-choice dropdowns list options; multi-choice ones list checkable menu items. */
function findOption(name: string) {
  return screen.findByText(name, { selector: '[role="option"], [role="menuitemcheckbox"]' });
}

describe("WorkList filters, sort, grouping and search", () => {
  it("sends one query per filter change", async () => {
    const calls = mockBackend({ workList: makePage([makeCard()]) });
    renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");
    expect(queries(calls)).toEqual([DEFAULT_WORK_LIST_QUERY]);

    await choose("filter-type", "Email");
    await waitFor(() => expect(queries(calls)).toHaveLength(2));
    expect(queries(calls)[1]).toEqual({ ...DEFAULT_WORK_LIST_QUERY, types: ["email"] });

    await userEvent.click(await findOption("Phone call"));
    await waitFor(() => expect(queries(calls)).toHaveLength(3));
    expect(queries(calls)[2].types).toEqual(["phoneCall", "email"]);
    expect(screen.getByTestId("filter-type")).toHaveTextContent("Activity type (2)");
    await userEvent.keyboard("{Escape}");

    await choose("filter-due", "Overdue");
    await waitFor(() => expect(lastQuery(calls)?.due).toEqual(["overdue"]));
    await userEvent.keyboard("{Escape}");

    await choose("filter-kind", "Opportunity");
    await waitFor(() => expect(lastQuery(calls)?.recordKinds).toEqual(["opportunity"]));
    await userEvent.keyboard("{Escape}");

    await choose("filter-owner", "Not me");
    await waitFor(() => expect(lastQuery(calls)?.owner).toEqual({ kind: "notMe" }));
    expect(queries(calls)).toHaveLength(6);
  });

  it("sorts, flips the direction and groups", async () => {
    const calls = mockBackend({ workList: makePage([makeCard()]) });
    renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");

    await choose("worklist-sort", "Score");
    await waitFor(() => expect(lastQuery(calls)?.sort).toBe("score"));
    await userEvent.click(screen.getByTestId("worklist-sort-direction"));
    await waitFor(() => expect(lastQuery(calls)?.descending).toBe(true));
    await choose("worklist-group", "Activity type");
    await waitFor(() => expect(lastQuery(calls)?.groupBy).toBe("activityType"));
    expect(queries(calls)).toHaveLength(4);
  });

  it("searches as the seller types, keeps the last results until the next arrive, and drops late answers", async () => {
    const pending = new Map<string, (page: WorkListPage) => void>();
    const calls = mockBackend({
      workList: ((q: WorkListQuery) =>
        q.search === null
          ? makePage([makeCard({ name: "Aegean Olive Co.", company: "Aegean" })])
          : new Promise<WorkListPage>((resolve) => pending.set(q.search ?? "", resolve))) as never,
    });
    renderWithProviders(<WorkList />);
    await screen.findByText("Aegean Olive Co.");

    await userEvent.type(screen.getByTestId("worklist-search"), "ol");
    // A query per keystroke, with no pause first.
    await waitFor(() => expect(queries(calls).map((q) => q.search)).toEqual([null, "o", "ol"]));
    // While they load, the previous cards stay on screen (no spinner, no blank list).
    expect(screen.getByText("Aegean Olive Co.")).toBeInTheDocument();
    expect(screen.getByTestId("worklist")).toHaveAttribute("aria-busy", "true");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();

    await act(async () => {
      pending.get("ol")?.(
        makePage([makeCard({ activityId: "a-ol", name: "Olympus Foods", company: "Olympus" })]),
      );
    });
    await screen.findByText("Olympus Foods");
    expect(screen.getByTestId("worklist")).not.toHaveAttribute("aria-busy");
    // The answer to "o" comes late: it is dropped, the list still answers "ol".
    await act(async () => {
      pending.get("o")?.(
        makePage([makeCard({ activityId: "a-o", name: "Orion Trading", company: "Orion" })]),
      );
    });
    expect(screen.getByText("Olympus Foods")).toBeInTheDocument();
    expect(screen.queryByText("Orion Trading")).not.toBeInTheDocument();
  });

  it("draws a header above each group", async () => {
    mockBackend({
      workList: makePage([
        makeCard({ activityId: "a1", dueBucket: "overdue" }),
        makeCard({ activityId: "a2", recordId: "l2", dueBucket: "overdue" }),
        makeCard({ activityId: "a3", recordId: "l3", dueBucket: "today" }),
      ]),
    });
    window.localStorage.setItem(
      VIEW_KEY,
      JSON.stringify({
        types: [],
        due: [],
        recordKinds: [],
        owner: "anyone",
        sort: "due",
        descending: false,
        groupBy: "dueBucket",
      }),
    );
    renderWithProviders(<WorkList />);
    const list = await screen.findByTestId("worklist");
    const headers = within(list).getAllByTestId("worklist-group-header");
    expect(headers.map((h) => h.textContent)).toEqual(["Overdue", "Today"]);
    const rows = within(list).getAllByRole("row");
    expect(rows.map((r) => r.dataset.testid)).toEqual([
      "worklist-group-header",
      "worklist-card",
      "worklist-card",
      "worklist-group-header",
      "worklist-card",
    ]);
  });

  it("remembers filters, sort and grouping between launches", async () => {
    const calls = mockBackend({ workList: makePage([makeCard()]) });
    const first = renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");
    await choose("worklist-group", "Due date");
    await waitFor(() => expect(lastQuery(calls)?.groupBy).toBe("dueBucket"));
    first.unmount();

    const again = mockBackend({ workList: makePage([makeCard()]) });
    renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");
    expect(queries(again)).toEqual([{ ...DEFAULT_WORK_LIST_QUERY, groupBy: "dueBucket" }]);
  });

  it("offers to clear filters that hide everything", async () => {
    const calls = mockBackend({
      workList: (q) => (q.types.length > 0 ? makePage([]) : makePage([makeCard()])),
    });
    window.localStorage.setItem(
      VIEW_KEY,
      JSON.stringify({
        types: ["task"],
        due: [],
        recordKinds: [],
        owner: "me",
        sort: "due",
        descending: false,
        groupBy: "none",
      }),
    );
    renderWithProviders(<WorkList />);
    const empty = await screen.findByTestId("worklist-empty");
    expect(empty).toHaveTextContent("Nothing matches these filters");
    await userEvent.click(within(empty).getByRole("button", { name: "Clear filters" }));
    expect(await screen.findByTestId("worklist")).toBeInTheDocument();
    expect(lastQuery(calls)).toEqual(DEFAULT_WORK_LIST_QUERY);
  });

  it("loads the next page from the cursor as the seller scrolls", async () => {
    const first = Array.from({ length: 20 }, (_, i) =>
      makeCard({ activityId: `a${i}`, recordId: `r${i}` }),
    );
    const calls = mockBackend({
      workList: (q) =>
        q.after === null
          ? makePage(first, { nextCursor: "cursor-1", total: 21 })
          : makePage([makeCard({ activityId: "last", recordId: "r-last" })], { total: 0 }),
    });
    renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");
    await waitFor(() => expect(queries(calls)).toHaveLength(2));
    expect(queries(calls)[1]).toMatchObject({ after: "cursor-1", limit: 200 });
    // The total comes from the first page only.
    expect(screen.getByTestId("worklist-total")).toHaveTextContent("21 records");
  });

  it("asks for the count apart when the first page doesn't carry it", async () => {
    const calls = mockBackend({
      workList: withoutTotal(makePage([makeCard()], { nextCursor: "c1" })),
      workListCount: 4321,
    });
    renderWithProviders(<WorkList />);
    expect(await screen.findByTestId("worklist-total")).toHaveTextContent("4,321 records");
    expect(callsTo(calls, "work_list_count")).toEqual([{ query: DEFAULT_WORK_LIST_QUERY }]);
  });

  it("doesn't ask for the count when the first page carries it", async () => {
    const calls = mockBackend({ workList: makePage([makeCard()], { total: 7 }) });
    renderWithProviders(<WorkList />);
    expect(await screen.findByTestId("worklist-total")).toHaveTextContent("7 records");
    expect(callsTo(calls, "work_list_count")).toEqual([]);
  });

  it("keeps the DOM small with many cards", async () => {
    const cards = Array.from({ length: 500 }, (_, i) =>
      makeCard({ activityId: `a${i}`, recordId: `r${i}` }),
    );
    mockBackend({ workList: makePage(cards, { total: 100_000, nextCursor: "more" }) });
    renderWithProviders(<WorkList />);
    const list = await screen.findByTestId("worklist");
    expect(within(list).getAllByTestId("worklist-card").length).toBeLessThan(30);
    expect(screen.getByTestId("worklist-total")).toHaveTextContent("100,000 records");
  });

  it("reloads when records change", async () => {
    const calls = mockBackend({ workList: makePage([makeCard()]) });
    renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");
    act(() => notifyChanged(["lead-1"]));
    await waitFor(() => expect(queries(calls)).toHaveLength(2));
    expect(screen.getByTestId("worklist")).toBeInTheDocument();
  });
});

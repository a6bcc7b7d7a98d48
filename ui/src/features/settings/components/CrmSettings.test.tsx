import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppProviders } from "../../../app/providers";
import type { SyncStatus } from "../../../ipc/commands";
import { axeViolations } from "../../../test/axe";
import {
  NOW,
  makeBrowserSignInPrompt,
  makeConnectedSync,
  makeOutboxItem,
  makeSignInPrompt,
  makeSyncStatus,
} from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { SettingsDialog } from "./SettingsDialog";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const dialog = (status: SyncStatus | null) => (
  <SettingsDialog
    open
    section="crm"
    sync={{ status, error: null }}
    version="0.1.0"
    onClose={vi.fn()}
  />
);

function renderCrmSettings(status: SyncStatus | null, backend: MockBackend = {}) {
  const ipc = mockBackend(backend);
  const view = renderWithProviders(dialog(status));
  /** The back end's next `sync` news, as App passes it down. */
  const update = (next: SyncStatus) => view.rerender(<AppProviders>{dialog(next)}</AppProviders>);
  return { ipc, update, ...view };
}

const OUTBOX = [
  makeOutboxItem({
    seq: 11,
    summary: "Note · Wants a price list",
    entity: "note",
    operation: "create",
  }),
  makeOutboxItem({
    seq: 12,
    summary: "Phone call · Call Anna Berg",
    state: "sending",
    attempts: 1,
  }),
  makeOutboxItem({
    seq: 13,
    summary: "Task · Send the contract",
    recordName: "Cycladic Ferries renewal",
    state: "failed",
    attempts: 3,
    lastError: "Dynamics 365 refused the change: the task's owner is inactive.",
  }),
  makeOutboxItem({
    seq: 14,
    entity: "record",
    summary: "Lead · Owner changed to Eleni Kosta",
    state: "conflict",
    attempts: 1,
  }),
];

const item = (seq: number) =>
  screen.getAllByTestId("outbox-item").find((row) => row.dataset.seq === String(seq))!;

describe("Settings → Dynamics 365", () => {
  it("connects with the organization URL and shows the code to enter and the link", async () => {
    const { ipc, update } = renderCrmSettings(makeSyncStatus(), {
      crmConnect: makeSignInPrompt(),
    });
    expect(screen.getByRole("tab", { name: "Dynamics 365" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    const settings = screen.getByTestId("crm-settings");
    expect(settings).toHaveTextContent("Nextline works offline");
    const url = screen.getByTestId("crm-org-url");
    expect(url).toHaveAttribute("placeholder", "https://contoso.crm4.dynamics.com");
    expect(screen.queryByTestId("crm-connected")).not.toBeInTheDocument();

    await userEvent.type(url, "  https://contoso.crm4.dynamics.com ");
    await userEvent.click(screen.getByTestId("crm-connect"));
    await waitFor(() =>
      expect(callsTo(ipc, "crm_connect")).toEqual([
        { orgUrl: "https://contoso.crm4.dynamics.com" },
      ]),
    );

    // The answer shows at once, before the back end's `sync` event.
    const signIn = await screen.findByTestId("crm-sign-in");
    expect(within(signIn).getByTestId("crm-user-code")).toHaveTextContent("FQK7-XM2P");
    const link = within(signIn).getByRole("link", { name: "https://microsoft.com/devicelogin" });
    expect(link).toHaveAttribute("href", "https://microsoft.com/devicelogin");
    expect(within(signIn).getByTestId("crm-time-left")).toHaveTextContent("Time left: 15:00");
    expect(signIn).toHaveTextContent("Waiting for you to sign in…");
    expect(screen.queryByTestId("crm-connect-form")).not.toBeInTheDocument();

    // Then the back end says it is signing in, and the card stays.
    update(makeSyncStatus({ phase: "signingIn", signIn: makeSignInPrompt() }));
    expect(screen.getByTestId("crm-user-code")).toHaveTextContent("FQK7-XM2P");

    await userEvent.click(screen.getByTestId("crm-cancel-sign-in"));
    await waitFor(() => expect(callsTo(ipc, "crm_cancel_sign_in")).toHaveLength(1));
  });

  it("signs in in the browser by default, and with a code when asked", async () => {
    const { ipc, update } = renderCrmSettings(makeSyncStatus());
    await userEvent.type(screen.getByTestId("crm-org-url"), "https://contoso.crm4.dynamics.com");
    await userEvent.click(screen.getByTestId("crm-connect"));
    await waitFor(() =>
      expect(callsTo(ipc, "crm_connect")).toEqual([
        { orgUrl: "https://contoso.crm4.dynamics.com" },
      ]),
    );

    // The browser is open at Microsoft's page: no code, no link, just what to do.
    const signIn = await screen.findByTestId("crm-sign-in");
    expect(
      within(signIn).getByRole("heading", { name: "Finish signing in in your browser" }),
    ).toBeInTheDocument();
    expect(within(signIn).getByTestId("crm-browser-sign-in")).toHaveTextContent(
      "A Microsoft sign-in page opened in your browser. Sign in there; Nextline continues by itself.",
    );
    expect(signIn).toHaveTextContent("Waiting for you to sign in…");
    expect(within(signIn).queryByTestId("crm-user-code")).not.toBeInTheDocument();
    expect(within(signIn).queryByRole("link")).not.toBeInTheDocument();
    expect(screen.queryByTestId("crm-connect-form")).not.toBeInTheDocument();

    update(makeSyncStatus({ phase: "signingIn", signIn: makeBrowserSignInPrompt() }));
    expect(screen.getByTestId("crm-browser-sign-in")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Sign in with a code instead" }));
    await waitFor(() =>
      expect(callsTo(ipc, "crm_connect")).toEqual([
        { orgUrl: "https://contoso.crm4.dynamics.com" },
        { orgUrl: "https://contoso.crm4.dynamics.com", deviceCode: true },
      ]),
    );
    // The back end's news: the device code replaced the sign-in in the browser.
    update(makeSyncStatus({ phase: "signingIn", signIn: makeSignInPrompt() }));
    expect(await screen.findByTestId("crm-user-code")).toHaveTextContent("FQK7-XM2P");
    expect(screen.queryByTestId("crm-browser-sign-in")).not.toBeInTheDocument();
    expect(screen.queryByTestId("crm-use-code")).not.toBeInTheDocument();
  });

  it("shows the code at once when asked for one, before the back end's news", async () => {
    const { ipc } = renderCrmSettings(makeSyncStatus());
    await userEvent.type(screen.getByTestId("crm-org-url"), "https://contoso.crm4.dynamics.com");
    await userEvent.click(screen.getByTestId("crm-connect"));
    await userEvent.click(await screen.findByTestId("crm-use-code"));
    expect(await screen.findByTestId("crm-user-code")).toHaveTextContent("FQK7-XM2P");
    expect(callsTo(ipc, "crm_connect")).toEqual([
      { orgUrl: "https://contoso.crm4.dynamics.com" },
      { orgUrl: "https://contoso.crm4.dynamics.com", deviceCode: true },
    ]);
  });

  it("cancels the sign-in in the browser, and uses a code for the connected organization", async () => {
    // Settings opened while signing in again: the organization comes from the connection.
    const { ipc } = renderCrmSettings(
      makeConnectedSync({ phase: "signingIn", signIn: makeBrowserSignInPrompt() }),
    );
    expect(screen.getByTestId("crm-browser-sign-in")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("crm-use-code"));
    await waitFor(() =>
      expect(callsTo(ipc, "crm_connect")).toEqual([
        { orgUrl: "https://contoso.crm4.dynamics.com", deviceCode: true },
      ]),
    );
    await userEvent.click(screen.getByTestId("crm-cancel-sign-in"));
    await waitFor(() => expect(callsTo(ipc, "crm_cancel_sign_in")).toHaveLength(1));
  });

  it("copies the code", async () => {
    const user = userEvent.setup();
    renderCrmSettings(makeSyncStatus({ phase: "signingIn", signIn: makeSignInPrompt() }));
    await user.click(screen.getByTestId("crm-copy-code"));
    expect(await navigator.clipboard.readText()).toBe("FQK7-XM2P");
    expect(screen.getByTestId("crm-copy-code")).toHaveTextContent("Copied");
  });

  it("shows the back end's reason when the URL is refused", async () => {
    const message = "That isn't a Dynamics 365 address: it should end in .dynamics.com.";
    renderCrmSettings(makeSyncStatus(), {
      crmConnect: { reject: { code: "crm_url_invalid", message } },
    });
    await userEvent.type(screen.getByTestId("crm-org-url"), "https://contoso.example.com");
    await userEvent.click(screen.getByTestId("crm-connect"));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByTestId("crm-org-url")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("crm-org-url")).toHaveValue("https://contoso.example.com");
    expect(screen.queryByTestId("crm-sign-in")).not.toBeInTheDocument();
  });

  it("shows the progress of a sync", async () => {
    renderCrmSettings(
      makeConnectedSync({
        phase: "syncing",
        lastSync: null,
        progress: { table: "Contacts", rows: 1240, tablesDone: 3, tablesTotal: 11 },
      }),
    );
    const progress = screen.getByTestId("crm-progress");
    expect(progress).toHaveTextContent("Syncing…");
    expect(progress).toHaveTextContent("Contacts — 1,240 rows (3 of 11 tables)");
    expect(within(progress).getByRole("progressbar")).toHaveAttribute(
      "aria-valuenow",
      String(3 / 11),
    );
    expect(screen.getByTestId("crm-last-sync")).toHaveTextContent("Not synced yet");
    expect(screen.getByTestId("crm-sync-now")).toBeDisabled();
    expect(await screen.findByTestId("outbox-empty")).toBeInTheDocument();
  });

  it("shows who is signed in, syncs now, and signs out after asking", async () => {
    const { ipc } = renderCrmSettings(makeConnectedSync());
    const connected = screen.getByTestId("crm-connected");
    expect(connected).toHaveTextContent("https://contoso.crm4.dynamics.com");
    expect(within(connected).getByTestId("crm-user")).toHaveTextContent(
      "Signed in as Nikos Georgiou",
    );
    expect(screen.getByTestId("crm-last-sync")).toHaveTextContent("Last synced 5 minutes ago");
    expect(screen.getByTestId("crm-next-sync")).toHaveTextContent("Next sync in 10 minutes");
    expect(screen.queryByTestId("crm-org-url")).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId("crm-sync-now"));
    await waitFor(() => expect(callsTo(ipc, "sync_now")).toHaveLength(1));

    await userEvent.click(screen.getByTestId("crm-sign-out"));
    const confirm = await screen.findByRole("alertdialog", { name: "Sign out of Dynamics 365?" });
    expect(confirm).toHaveTextContent(
      "Your changes waiting to be sent stay on this computer and are sent after you sign in again.",
    );
    expect(callsTo(ipc, "crm_sign_out")).toEqual([]);
    await userEvent.click(within(confirm).getByTestId("crm-sign-out-yes"));
    await waitFor(() => expect(callsTo(ipc, "crm_sign_out")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
  });

  it("lists the changes waiting, retries a failed one and settles a conflict", async () => {
    const { ipc } = renderCrmSettings(makeConnectedSync({ pending: 4, conflicts: 1 }), {
      outboxItems: OUTBOX,
    });
    await screen.findAllByTestId("outbox-item");
    expect(callsTo(ipc, "outbox_items")).toEqual([{ limit: 200 }]);
    expect(
      screen.getByRole("heading", { name: "Changes waiting to be sent (4)" }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId("outbox-state").map((badge) => badge.textContent)).toEqual([
      "Pending",
      "Sending",
      "Failed",
      "Conflict",
    ]);
    expect(item(11)).toHaveTextContent("Note · Wants a price list");
    expect(item(11)).toHaveTextContent("Aegean Olive Co.");
    expect(within(item(13)).getByTestId("outbox-attempts")).toHaveTextContent("3");
    expect(within(item(13)).getByTestId("outbox-last-error")).toHaveTextContent(
      "the task's owner is inactive",
    );
    expect(within(item(14)).getByTestId("outbox-conflict")).toHaveTextContent(
      "Someone else changed this in Dynamics 365",
    );
    // Only a failed change can be tried again; only a conflict asks who wins.
    expect(within(item(11)).queryByRole("button")).not.toBeInTheDocument();
    expect(within(item(12)).queryByRole("button")).not.toBeInTheDocument();
    expect(within(item(14)).queryByTestId("outbox-retry")).not.toBeInTheDocument();

    await userEvent.click(within(item(13)).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(callsTo(ipc, "retry_outbox_item")).toEqual([{ seq: 13 }]));

    await userEvent.click(within(item(14)).getByRole("button", { name: "Keep mine" }));
    await waitFor(() =>
      expect(callsTo(ipc, "settle_conflict")).toEqual([{ seq: 14, keep: "mine" }]),
    );
    // After each, the list is loaded again.
    await waitFor(() => expect(callsTo(ipc, "outbox_items")).toHaveLength(3));
  });

  it("loads the list again when the sync reports", async () => {
    let items = OUTBOX;
    const { ipc, update } = renderCrmSettings(makeConnectedSync({ pending: 4 }), {
      outboxItems: () => items,
    });
    expect(await screen.findAllByTestId("outbox-item")).toHaveLength(4);
    items = [];
    // App hands the news down; the list hears the same event.
    update(makeConnectedSync());
    await act(() => emit("sync", makeConnectedSync()));
    expect(await screen.findByTestId("outbox-empty")).toHaveTextContent("Everything is sent.");
    expect(callsTo(ipc, "outbox_items")).toHaveLength(2);
    expect(screen.queryByTestId("outbox-table")).not.toBeInTheDocument();
  });

  it("says when the sign-in expired, keeping the pending changes, and signs in again", async () => {
    const { ipc } = renderCrmSettings(makeConnectedSync({ phase: "signInNeeded", pending: 3 }), {
      crmConnect: makeSignInPrompt(),
    });
    const warning = screen.getByTestId("crm-sign-in-needed");
    expect(warning).toHaveTextContent(
      "Your sign-in expired. Sign in again; your 3 pending changes are kept.",
    );
    expect(screen.getByTestId("crm-sync-now")).toBeDisabled();
    await userEvent.click(within(warning).getByRole("button", { name: "Sign in" }));
    await waitFor(() =>
      expect(callsTo(ipc, "crm_connect")).toEqual([
        { orgUrl: "https://contoso.crm4.dynamics.com" },
      ]),
    );
    expect(await screen.findByTestId("crm-user-code")).toHaveTextContent("FQK7-XM2P");
    expect(screen.queryByTestId("crm-sign-in-needed")).not.toBeInTheDocument();
  });

  it("shows a problem with Retry, offline, and an organization without sequences", async () => {
    const { ipc, update } = renderCrmSettings(
      makeConnectedSync({
        problem: { code: "crm_unavailable", message: "Dynamics 365 didn't answer in time." },
        missingTables: ["msdyn_sequence", "msdyn_sequencetarget"],
      }),
    );
    const problem = screen.getByTestId("crm-problem");
    expect(problem).toHaveTextContent("Dynamics 365 didn't answer in time.");
    await userEvent.click(within(problem).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(callsTo(ipc, "sync_now")).toHaveLength(1));
    expect(screen.getByTestId("crm-missing-tables")).toHaveTextContent(
      "This organization has no sales accelerator (sequences); everything else syncs.",
    );

    update(makeConnectedSync({ phase: "offline", pending: 2 }));
    expect(screen.getByTestId("crm-offline")).toHaveTextContent(
      "Offline — changes are kept and sent when the connection is back",
    );
    expect(screen.queryByTestId("crm-problem")).not.toBeInTheDocument();
    expect(screen.queryByTestId("crm-next-sync")).not.toBeInTheDocument();
  });

  it("says so when the sync status can't be loaded", async () => {
    mockBackend();
    renderWithProviders(
      <SettingsDialog
        open
        section="crm"
        sync={{ status: null, error: { code: "unknown_command", message: "no sync here" } }}
        version="0.1.0"
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByTestId("crm-load-error")).toHaveTextContent("Couldn't load the sync status");
    expect(screen.queryByTestId("outbox")).not.toBeInTheDocument();
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    const { update } = renderCrmSettings(
      makeConnectedSync({
        phase: "syncing",
        pending: 1,
        progress: { table: "Επαφές", rows: 1240, tablesDone: 3, tablesTotal: 11 },
      }),
      { outboxItems: [OUTBOX[2]] },
    );
    expect(screen.getByRole("tab", { name: "Dynamics 365" })).toBeInTheDocument();
    expect(screen.getByTestId("crm-progress")).toHaveTextContent(
      "Επαφές — 1.240 γραμμές (3 από 11 πίνακες)",
    );
    expect(await screen.findByTestId("outbox-state")).toHaveTextContent("Απέτυχε");
    expect(screen.getByRole("button", { name: "Δοκιμάστε ξανά" })).toBeInTheDocument();
    expect(
      screen.getByRole("heading", { name: "Αλλαγές που περιμένουν αποστολή (1)" }),
    ).toBeInTheDocument();

    update(makeConnectedSync({ phase: "signingIn", signIn: makeBrowserSignInPrompt() }));
    expect(
      screen.getByRole("heading", { name: "Ολοκληρώστε τη σύνδεση στο πρόγραμμα περιήγησης" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("crm-use-code")).toHaveTextContent("Σύνδεση με κωδικό αντ’ αυτού");
  });

  it("has no accessibility violations", async () => {
    const { update } = renderCrmSettings(
      makeConnectedSync({
        pending: 4,
        problem: { code: "crm_unavailable", message: "Dynamics 365 didn't answer in time." },
        missingTables: ["msdyn_sequence"],
      }),
      { outboxItems: OUTBOX },
    );
    await screen.findAllByTestId("outbox-item");
    expect(await axeViolations()).toEqual([]);

    update(makeSyncStatus({ phase: "signingIn", signIn: makeSignInPrompt() }));
    await screen.findByTestId("crm-user-code");
    expect(await axeViolations()).toEqual([]);

    update(makeConnectedSync({ phase: "signingIn", signIn: makeBrowserSignInPrompt() }));
    await screen.findByTestId("crm-browser-sign-in");
    expect(await axeViolations()).toEqual([]);

    update(makeSyncStatus());
    await screen.findByTestId("crm-org-url");
    expect(await axeViolations()).toEqual([]);
  });
});

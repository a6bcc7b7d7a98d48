import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../app/App";
import type { EmailDraft, SendEmailRequest } from "../../ipc/commands";
import { fromLocalInputValue } from "../../lib/snoozeTimes";
import { axeViolations } from "../../test/axe";
import {
  NOW,
  makeActivityView,
  makeCard,
  makeEmailComposer,
  makePage,
  makeUpNext,
} from "../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../test/render";

// ProseMirror asks where a click landed; jsdom has no layout. Only this file clicks into the
// editor (a global stub changes what axe sees in other tests).
const hadElementFromPoint = "elementFromPoint" in document;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  if (!hadElementFromPoint) {
    Object.defineProperty(document, "elementFromPoint", {
      configurable: true,
      value: () => null,
    });
  }
});

afterEach(() => {
  vi.useRealTimers();
  if (!hadElementFromPoint) {
    delete (document as { elementFromPoint?: unknown }).elementFromPoint;
  }
});

const CARDS = [
  makeCard(),
  makeCard({
    recordId: "opp-7",
    activityId: "act-7",
    name: "Cycladic Ferries renewal",
    contactName: "Giorgos Nikolaou",
  }),
];

async function renderApp(backend: MockBackend = {}) {
  const calls = mockBackend({ workList: makePage(CARDS), ...backend });
  renderWithProviders(<App />);
  await screen.findAllByTestId("worklist-card");
  return calls;
}

/** A back end that keeps the draft it is given, as the store does (one per record). */
function draftKeeping(): MockBackend {
  const kept = new Map<string, EmailDraft>();
  return {
    emailComposer: ({ record, forActivity }) => {
      const draft = kept.get(record);
      const contactName = CARDS.find((c) => c.recordId === record)?.contactName;
      return draft
        ? makeEmailComposer({ restored: true, contactName }, draft)
        : makeEmailComposer({ contactName }, { record, forActivity });
    },
    saveEmailDraft: (draft) => {
      const at = new Date().toISOString();
      kept.set(draft.record, { ...draft, savedAt: at });
      return at;
    },
    discardEmailDraft: (record) => {
      kept.delete(record);
      return null;
    },
  };
}

const cards = () => screen.getAllByTestId("worklist-card");
const selectedIds = () =>
  cards()
    .filter((c) => c.getAttribute("aria-selected") === "true")
    .map((c) => c.dataset.recordId);
const quick = (index: number, action: string) =>
  fireEvent.click(within(cards()[index]).getByTestId(`quick-${action}`));

/** Opens the composer for the first card and waits for it to be ready to type in. */
async function openComposer() {
  quick(0, "email");
  const composer = await screen.findByTestId("email-composer");
  await within(composer).findByTestId("email-body");
  return composer;
}

async function typeInBody(text: string) {
  const body = screen.getByTestId("email-body");
  await userEvent.click(body);
  await userEvent.keyboard(text);
  await waitFor(() => expect(body).toHaveTextContent(text));
}

const lastSaved = (calls: ReturnType<typeof mockBackend>) =>
  (callsTo(calls, "save_email_draft").slice(-1)[0] as { draft: EmailDraft } | undefined)?.draft;

describe("writing an email (R15)", () => {
  it("opens from the card's quick action with To filled in and the signature below", async () => {
    const calls = await renderApp();
    const composer = await openComposer();

    expect(within(composer).getByRole("heading")).toHaveTextContent(
      "New email to Maria Papadopoulou",
    );
    expect(within(composer).getByTestId("email-to")).toHaveValue("maria@aegean-olive.example");
    expect(within(composer).getByTestId("email-body")).toHaveTextContent("Nikos Georgiou");
    expect(callsTo(calls, "email_composer")).toEqual([{ record: "lead-1", forActivity: null }]);
    expect(within(composer).queryByTestId("email-warning-noAddress")).not.toBeInTheDocument();
    // The list is still there to work with: the composer is not a modal dialog.
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(selectedIds()).toEqual(["lead-1"]);
  });

  it("warns when the contact has no email address, and starts in To", async () => {
    await renderApp({
      emailComposer: makeEmailComposer({ warnings: ["noAddress", "doNotEmail"] }, { to: [] }),
    });
    const composer = await openComposer();

    expect(within(composer).getByTestId("email-warning-noAddress")).toHaveTextContent(
      "Maria has no email address. Type one in To.",
    );
    expect(within(composer).getByTestId("email-warning-doNotEmail")).toHaveTextContent(
      "Maria asked not to be emailed.",
    );
    const to = within(composer).getByTestId("email-to");
    expect(to).toHaveValue("");
    await waitFor(() => expect(to).toHaveFocus());
  });

  it("writes for the Up Next email step, from its main action and with e", async () => {
    const emailStep = makeActivityView(
      { id: "step-email", type: "email", subject: "Send the price list" },
      {},
      "email",
    );
    const calls = await renderApp({ upNext: makeUpNext({ active: emailStep }) });
    await userEvent.click(cards()[0]);
    await userEvent.click(
      within(await screen.findByTestId("upnext-active")).getByTestId("action-main"),
    );
    await screen.findByTestId("email-composer");
    expect(callsTo(calls, "email_composer")).toEqual([
      { record: "lead-1", forActivity: "step-email" },
    ]);
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();

    // Closed untouched, e opens it again for the same step.
    await userEvent.click(screen.getByTestId("email-close"));
    await waitFor(() => expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument());
    cards()[0].focus();
    await userEvent.keyboard("e");
    await screen.findByTestId("email-composer");
    expect(callsTo(calls, "email_composer")).toHaveLength(2);
    expect(callsTo(calls, "email_composer")[1]).toEqual({
      record: "lead-1",
      forActivity: "step-email",
    });
  });

  it("offers Settings → Email when the mail server is not set up, and sees it set up", async () => {
    let ready = false;
    await renderApp({
      emailComposer: () => makeEmailComposer({ ready, route: "smtp" }),
      setEmailSettings: () => {
        ready = true;
        return null;
      },
    });
    const composer = await openComposer();
    await typeInBody("Written before the server was set up");
    const notReady = within(composer).getByTestId("email-not-ready");
    expect(notReady).toHaveTextContent("Email isn't set up yet");
    await userEvent.click(within(notReady).getByTestId("email-open-settings"));
    const settings = await screen.findByTestId("settings-dialog");
    expect(within(settings).getByTestId("settings-email-tab")).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await userEvent.type(await within(settings).findByTestId("smtp-host"), "smtp.example.com");
    await userEvent.type(within(settings).getByTestId("smtp-from"), "nikos@example.com");
    await userEvent.click(within(settings).getByTestId("email-settings-save"));
    await within(settings).findByTestId("email-settings-saved");
    await userEvent.click(within(settings).getByTestId("settings-close"));

    await waitFor(() => expect(screen.queryByTestId("email-not-ready")).not.toBeInTheDocument());
    // What was written is still there.
    expect(screen.getByTestId("email-body")).toHaveTextContent(
      "Written before the server was set up",
    );
  });

  it("has no accessibility violations while open", async () => {
    await renderApp({
      emailComposer: makeEmailComposer({ warnings: ["doNotEmail"], ready: false }),
    });
    const composer = await openComposer();
    expect(await axeViolations(composer)).toEqual([]);
  });
});

describe("drafts (R16)", () => {
  it("saves what is typed shortly after, once, and restores it next time", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Thanks for the call");
    await userEvent.type(screen.getByTestId("email-subject"), "Our prices");

    await waitFor(() => expect(screen.getByTestId("email-saved")).toBeInTheDocument());
    expect(screen.getByTestId("email-saved")).toHaveTextContent(/^Draft saved \d\d:\d\d$/);
    // Debounced: not one save per key.
    expect(callsTo(calls, "save_email_draft").length).toBeLessThan(10);
    await waitFor(() => expect(lastSaved(calls)?.subject).toBe("Our prices"));
    expect(lastSaved(calls)?.bodyHtml).toContain("Thanks for the call");
    expect(lastSaved(calls)?.to).toEqual(["maria@aegean-olive.example"]);

    await userEvent.click(screen.getByTestId("email-close"));
    await waitFor(() => expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument());

    const composer = await openComposer();
    expect(within(composer).getByTestId("email-restored")).toHaveTextContent("Draft restored");
    expect(within(composer).getByTestId("email-subject")).toHaveValue("Our prices");
    expect(within(composer).getByTestId("email-body")).toHaveTextContent("Thanks for the call");
  });

  it("saves at least once a second while the seller keeps typing", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    // Eight keys, 300 ms apart: never a 400 ms pause, yet saved along the way.
    await userEvent.type(screen.getByTestId("email-subject"), "Proposal", { delay: 300 });
    const saved = callsTo(calls, "save_email_draft") as { draft: EmailDraft }[];
    expect(saved.some((c) => c.draft.subject.length > 0 && c.draft.subject !== "Proposal")).toBe(
      true,
    );
  });

  it("keeps typing typed just before Close", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Last words");
    await userEvent.click(screen.getByTestId("email-close"));
    await waitFor(() => expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument());
    expect(lastSaved(calls)?.bodyHtml).toContain("Last words");
  });

  it("lets another record be opened without asking when nothing was written", async () => {
    await renderApp();
    await openComposer();
    await userEvent.click(cards()[1]);
    expect(selectedIds()).toEqual(["opp-7"]);
    expect(screen.queryByTestId("draft-prompt")).not.toBeInTheDocument();
    expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument();
  });

  it("does not count the editor tidying the body as writing", async () => {
    // A signature ending in a list: the editor adds a paragraph after it by itself.
    const calls = await renderApp({
      emailComposer: makeEmailComposer({ signature: "<ul><li>Nikos</li></ul>" }, { subject: "Hi" }),
    });
    await openComposer();
    await waitFor(() => expect(screen.getByTestId("email-body")).toHaveFocus());
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(callsTo(calls, "save_email_draft")).toEqual([]);
    await userEvent.click(cards()[1]);
    expect(screen.queryByTestId("draft-prompt")).not.toBeInTheDocument();
    expect(selectedIds()).toEqual(["opp-7"]);
  });

  it("asks before another card is opened; Cancel stays with the email", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Half a thought");

    await userEvent.click(cards()[1]);
    const prompt = await screen.findByTestId("draft-prompt");
    expect(prompt).toHaveTextContent("Save this email as a draft?");
    expect(prompt).toHaveTextContent("Maria Papadopoulou");
    await userEvent.click(within(prompt).getByTestId("draft-cancel"));

    await waitFor(() => expect(screen.queryByTestId("draft-prompt")).not.toBeInTheDocument());
    expect(selectedIds()).toEqual(["lead-1"]);
    expect(screen.getByTestId("email-body")).toHaveTextContent("Half a thought");
    expect(callsTo(calls, "discard_email_draft")).toEqual([]);
  });

  it("Save draft keeps the email for later and opens the other record", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Keep me");

    await userEvent.click(cards()[1]);
    await userEvent.click(
      within(await screen.findByTestId("draft-prompt")).getByTestId("draft-save"),
    );

    await waitFor(() => expect(selectedIds()).toEqual(["opp-7"]));
    expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument();
    expect(lastSaved(calls)?.bodyHtml).toContain("Keep me");
    expect(callsTo(calls, "discard_email_draft")).toEqual([]);

    // Back on Maria's record, the email is there again.
    await userEvent.click(cards()[0]);
    const composer = await openComposer();
    expect(within(composer).getByTestId("email-body")).toHaveTextContent("Keep me");
    expect(within(composer).getByTestId("email-restored")).toBeInTheDocument();
  });

  it("Discard deletes the draft and opens the other record, also when moving with j", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Throw me away");

    cards()[0].focus();
    await userEvent.keyboard("j");
    const prompt = await screen.findByTestId("draft-prompt");
    expect(selectedIds()).toEqual(["lead-1"]);
    await userEvent.click(within(prompt).getByTestId("draft-discard"));

    await waitFor(() => expect(selectedIds()).toEqual(["opp-7"]));
    expect(callsTo(calls, "discard_email_draft")).toEqual([{ record: "lead-1" }]);
    expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument();

    await userEvent.click(cards()[0]);
    const composer = await openComposer();
    expect(within(composer).queryByTestId("email-restored")).not.toBeInTheDocument();
    expect(within(composer).getByTestId("email-body")).not.toHaveTextContent("Throw me away");
  });

  it("asks before writing to another record from its card", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("For Maria");

    quick(1, "email");
    await userEvent.click(
      within(await screen.findByTestId("draft-prompt")).getByTestId("draft-save"),
    );
    await waitFor(() =>
      expect(screen.getByTestId("email-composer")).toHaveAttribute("data-record-id", "opp-7"),
    );
    await waitFor(() =>
      expect(screen.getByTestId("email-composer")).toHaveTextContent(
        "New email to Giorgos Nikolaou",
      ),
    );
    expect(selectedIds()).toEqual(["opp-7"]);
    expect(lastSaved(calls)?.record).toBe("lead-1");
  });

  it("asks before a reminder opens another record", async () => {
    const { emit } = await import("@tauri-apps/api/event");
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Almost done");

    await act(() => emit("open-record", { record: "opp-7", call: false }));
    const prompt = await screen.findByTestId("draft-prompt");
    expect(selectedIds()).toEqual(["lead-1"]);
    expect(callsTo(calls, "up_next")).not.toContainEqual({ record: "opp-7" });
    await userEvent.click(within(prompt).getByTestId("draft-save"));
    await waitFor(() => expect(callsTo(calls, "up_next")).toContainEqual({ record: "opp-7" }));
    expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument();
    expect(lastSaved(calls)?.bodyHtml).toContain("Almost done");
  });

  it("Discard in the composer asks first, then deletes the draft", async () => {
    const calls = await renderApp(draftKeeping());
    await openComposer();
    await typeInBody("Never mind");

    await userEvent.click(screen.getByTestId("email-discard"));
    const confirm = await screen.findByTestId("email-discard-confirm");
    await userEvent.click(within(confirm).getByTestId("email-discard-no"));
    expect(screen.getByTestId("email-body")).toHaveTextContent("Never mind");
    expect(callsTo(calls, "discard_email_draft")).toEqual([]);

    await userEvent.click(screen.getByTestId("email-discard"));
    await userEvent.click(await screen.findByTestId("email-discard-yes"));
    await waitFor(() => expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument());
    expect(callsTo(calls, "discard_email_draft")).toEqual([{ record: "lead-1" }]);
  });
});

describe("sending (R15, R17)", () => {
  it("Send sends the draft now and says so", async () => {
    const calls = await renderApp();
    await openComposer();
    await userEvent.type(screen.getByTestId("email-cc"), "eleni@example.com; sales@example.com");
    await userEvent.type(screen.getByTestId("email-subject"), "Price list");
    await typeInBody("Here it is");

    await userEvent.click(screen.getByTestId("email-send"));

    await waitFor(() => expect(callsTo(calls, "send_email")).toHaveLength(1));
    const { draft, sendAt } = (callsTo(calls, "send_email")[0] as { request: SendEmailRequest })
      .request;
    expect(sendAt).toBeNull();
    expect(draft).toMatchObject({
      record: "lead-1",
      forActivity: null,
      to: ["maria@aegean-olive.example"],
      cc: ["eleni@example.com", "sales@example.com"],
      subject: "Price list",
    });
    expect(draft.bodyHtml).toContain("<p>Here it is</p>");
    expect(draft.bodyHtml).toContain("Nikos Georgiou<br>Inside sales");

    await waitFor(() => expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument());
    expect(await screen.findByTestId("email-confirmation")).toHaveTextContent("Email sent");
  });

  it("keeps everything typed when sending is refused, and says why", async () => {
    const message = "“maria@” isn't an email address.";
    const calls = await renderApp({
      sendEmail: { reject: { code: "invalid_email_address", message } },
    });
    await openComposer();
    const to = screen.getByTestId("email-to");
    await userEvent.clear(to);
    await userEvent.type(to, "maria@");
    await typeInBody("Still here");
    await userEvent.click(screen.getByTestId("email-send"));

    const error = await screen.findByTestId("email-error");
    expect(error).toHaveTextContent("Couldn't send the email");
    expect(error).toHaveTextContent(message);
    expect(screen.getByTestId("email-to")).toHaveValue("maria@");
    expect(screen.getByTestId("email-body")).toHaveTextContent("Still here");
    expect(callsTo(calls, "send_email")).toHaveLength(1);
    // What was typed is still kept as a draft.
    await waitFor(() => expect(lastSaved(calls)?.bodyHtml).toContain("Still here"));
  });

  it("Schedule starts at the suggested send time, says why, and sends at it", async () => {
    const at = "2025-06-11T10:15:00Z";
    const calls = await renderApp({
      emailComposer: makeEmailComposer({
        suggested: {
          at,
          timeZone: "Europe/Athens",
          local: "Wed 13:15",
          localNow: "Wed 13:00",
          reason: "workingHoursNow",
        },
      }),
    });
    await openComposer();
    await userEvent.type(screen.getByTestId("email-subject"), "Later");
    await userEvent.click(screen.getByTestId("email-schedule"));

    const dialog = await screen.findByTestId("email-schedule-dialog");
    expect(within(dialog).getByTestId("email-suggested")).toHaveTextContent(
      "Suggested: Wed 13:15 for Maria (Europe/Athens) — it's Wed 13:00 there, within working hours.",
    );
    const value = (within(dialog).getByTestId("email-send-at") as HTMLInputElement).value;
    expect(fromLocalInputValue(value)?.toISOString()).toBe("2025-06-11T10:15:00.000Z");
    await userEvent.click(within(dialog).getByTestId("email-schedule-confirm"));

    await waitFor(() => expect(callsTo(calls, "send_email")).toHaveLength(1));
    const { request } = callsTo(calls, "send_email")[0] as { request: SendEmailRequest };
    expect(request.sendAt).toBe(at);
    expect(request.draft.subject).toBe("Later");
    await waitFor(() => expect(screen.queryByTestId("email-composer")).not.toBeInTheDocument());
    expect(await screen.findByTestId("email-confirmation")).toHaveTextContent(
      "Email scheduled for",
    );
  });

  it("Schedule without a suggestion starts tomorrow at 08:00, and takes another time", async () => {
    const calls = await renderApp();
    await openComposer();
    await userEvent.click(screen.getByTestId("email-schedule"));
    const dialog = await screen.findByTestId("email-schedule-dialog");
    expect(within(dialog).queryByTestId("email-suggested")).not.toBeInTheDocument();
    const input = within(dialog).getByTestId("email-send-at") as HTMLInputElement;
    const tomorrow = new Date(NOW);
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(8, 0, 0, 0);
    expect(fromLocalInputValue(input.value)?.getTime()).toBe(tomorrow.getTime());

    // A time gone is refused before it reaches the back end.
    fireEvent.change(input, { target: { value: "2025-06-10T09:00" } });
    expect(within(dialog).getByTestId("email-schedule-confirm")).toBeDisabled();
    expect(dialog).toHaveTextContent("Pick a time in the future.");

    fireEvent.change(input, { target: { value: "2025-06-13T16:30" } });
    await userEvent.click(within(dialog).getByTestId("email-schedule-confirm"));
    await waitFor(() => expect(callsTo(calls, "send_email")).toHaveLength(1));
    const { request } = callsTo(calls, "send_email")[0] as { request: SendEmailRequest };
    expect(request.sendAt).toBe(
      new Date(2025, 5, 13, 16, 30).toISOString().replace(/\.\d{3}Z$/, "Z"),
    );
  });
});

describe("the editor", () => {
  it("fills subject and body from a template, asking before it replaces the subject", async () => {
    await renderApp();
    const composer = await openComposer();
    await userEvent.click(within(composer).getByTestId("email-template"));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Price list" }));

    expect(within(composer).getByTestId("email-subject")).toHaveValue("Our price list");
    const body = within(composer).getByTestId("email-body");
    expect(body).toHaveTextContent("Please find our price list attached.");
    expect(body).toHaveTextContent("Nikos Georgiou");

    await userEvent.click(within(composer).getByTestId("email-template"));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Following up" }));
    const confirm = await screen.findByTestId("email-template-confirm");
    expect(confirm).toHaveTextContent("“Our price list”");
    await userEvent.click(within(confirm).getByTestId("email-template-keep-subject"));
    expect(within(composer).getByTestId("email-subject")).toHaveValue("Our price list");
    expect(body).toHaveTextContent("just following up on our call");
    expect(body).not.toHaveTextContent("Please find our price list attached.");
  });

  it("makes text bold and adds a link", async () => {
    const calls = await renderApp();
    await openComposer();
    await typeInBody("Hello ");
    await userEvent.click(screen.getByTestId("email-bold"));
    // The editor takes the focus back on the next frame.
    await waitFor(() => expect(screen.getByTestId("email-body")).toHaveFocus());
    await userEvent.keyboard("Maria");
    expect(screen.getByTestId("email-bold")).toHaveAttribute("aria-pressed", "true");

    await userEvent.click(screen.getByTestId("email-link"));
    const dialog = await screen.findByTestId("email-link-dialog");
    await userEvent.type(within(dialog).getByTestId("email-link-url"), "example.com/prices");
    await userEvent.click(within(dialog).getByTestId("email-link-apply"));

    await waitFor(() => expect(lastSaved(calls)?.bodyHtml).toContain("https://example.com/prices"));
    const html = lastSaved(calls)!.bodyHtml;
    expect(html).toContain("<strong>Maria");
    expect(html).toContain('href="https://example.com/prices"');
  });
});

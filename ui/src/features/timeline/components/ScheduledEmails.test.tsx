import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Activity, EmailDetails } from "../../../ipc/commands";
import { axeViolations } from "../../../test/axe";
import { NOW, hoursFromNow, makeActivity, makeDirectory, makeUpNext } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders } from "../../../test/render";
import { ActivityFeedbackProvider, UpNextPanel } from "../../upnext";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

/** A local time, so the words read the same in every time zone (NOW is a Wednesday). */
const MONDAY_8 = new Date(2025, 5, 16, 8, 0);

/** The record's Up Next panel, where its emails waiting to go show (R17). */
function renderPanel() {
  renderWithProviders(
    <ActivityFeedbackProvider>
      <UpNextPanel recordId="lead-1" directory={makeDirectory()} onMainAction={vi.fn()} />
    </ActivityFeedbackProvider>,
  );
}

const email = (id: string, subject: string, details: Partial<EmailDetails>): Activity =>
  makeActivity({
    id,
    type: "email",
    subject,
    state: "pending",
    step: null,
    closedAt: hoursFromNow(-1),
    closedBy: "user-me",
    email: {
      to: ["maria@acme.gr"],
      cc: [],
      bodyHtml: "<p>Hello</p>",
      sendAt: MONDAY_8.toISOString(),
      scheduled: true,
      route: "smtp",
      sentAt: null,
      failure: null,
      attempts: 0,
      retryAt: null,
      forActivity: null,
      ...details,
    },
  });

describe("Scheduled emails (R17)", () => {
  it("lists the emails waiting to go, and Cancel calls one off after asking", async () => {
    const calls = mockBackend({
      upNext: makeUpNext({
        completed: [
          email("mail-2", "Following up", {}),
          makeActivity({ id: "done-1", type: "email", state: "completed", subject: "Sent one" }),
        ],
      }),
    });
    renderPanel();
    const list = await screen.findByTestId("scheduled-emails");
    // Shown once: not again among the completed activities.
    expect(screen.getAllByTestId("upnext-completed-item").map((i) => i.dataset.activityId)).toEqual(
      ["done-1"],
    );
    expect(list).toHaveTextContent("Scheduled emails");
    const [item] = within(list).getAllByTestId("scheduled-email");
    expect(item).toHaveTextContent("Following up");
    expect(item).toHaveTextContent("To maria@acme.gr");
    expect(item).toHaveTextContent("Pending — sends Mon 08:00");
    expect(list).not.toHaveTextContent("Sent one");

    await userEvent.click(within(item).getByTestId("email-cancel-scheduled"));
    const confirm = await screen.findByTestId("email-cancel-dialog");
    expect(confirm).toHaveTextContent("“Following up” won't be sent.");
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(within(confirm).getByTestId("email-cancel-keep"));
    expect(callsTo(calls, "run_command")).toEqual([]);

    await userEvent.click(within(item).getByTestId("email-cancel-scheduled"));
    await userEvent.click(await screen.findByTestId("email-cancel-confirm"));
    await waitFor(() =>
      expect(callsTo(calls, "run_command")).toEqual([
        { command: { command: "cancelEmail", activity: "mail-2" } },
      ]),
    );
    await waitFor(() =>
      expect(screen.queryByTestId("email-cancel-dialog")).not.toBeInTheDocument(),
    );
  });

  it("says why an email hasn't left yet, and why it couldn't be cancelled", async () => {
    const message = "This email has already been sent.";
    mockBackend({
      upNext: makeUpNext({
        completed: [
          email("mail-3", "Our price list", {
            sendAt: hoursFromNow(-0.2),
            scheduled: false,
            failure: "the mail server can't be reached",
            attempts: 2,
          }),
        ],
      }),
      runCommand: { reject: { code: "activity_not_open", message } },
    });
    renderPanel();
    const item = await screen.findByTestId("scheduled-email");
    expect(item).toHaveAttribute("data-failed", "true");
    expect(item).toHaveTextContent(
      "Not sent yet: the mail server can't be reached. Nextline tries again.",
    );

    await userEvent.click(within(item).getByTestId("email-cancel-scheduled"));
    await userEvent.click(await screen.findByTestId("email-cancel-confirm"));
    const error = await screen.findByTestId("scheduled-email-error");
    expect(error).toHaveTextContent("Couldn't cancel the email");
    expect(error).toHaveTextContent(message);
  });

  it("shows no list when no email is waiting", async () => {
    mockBackend({});
    renderPanel();
    await screen.findByTestId("upnext");
    expect(screen.queryByTestId("scheduled-emails")).not.toBeInTheDocument();
  });
});

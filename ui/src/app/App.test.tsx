import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../i18n";
import { NOW, hoursFromNow, makeAppInfo, makeCard, makePage } from "../test/fixtures";
import { mockBackend, renderWithProviders } from "../test/render";
import { App } from "./App";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("App", () => {
  it("shows the app name and the current user", async () => {
    mockBackend({ appInfo: makeAppInfo({ currentUser: { id: "u1", name: "Eleni Kosta" } }) });
    renderWithProviders(<App />);

    expect(screen.getByRole("heading", { level: 1, name: "Nextline" })).toBeInTheDocument();
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Eleni Kosta");
  });

  it("shows the demo badge in demo mode", async () => {
    mockBackend({ appInfo: makeAppInfo({ demo: true }) });
    renderWithProviders(<App />);

    expect(await screen.findByTestId("demo-badge")).toHaveTextContent("Demo data");
  });

  it("hides the demo badge with real data", async () => {
    mockBackend({ appInfo: makeAppInfo({ demo: false }) });
    renderWithProviders(<App />);

    await screen.findByTestId("current-user");
    expect(screen.queryByTestId("demo-badge")).not.toBeInTheDocument();
  });

  it("reports when the account details can't be loaded", async () => {
    mockBackend({ appInfo: { reject: { code: "internal", message: "boom" } } });
    renderWithProviders(<App />);

    const error = await screen.findByTestId("app-info-error");
    expect(error).toHaveTextContent("Couldn't load your account details");
    expect(error).toHaveTextContent("Something went wrong inside Nextline.");
  });

  it("speaks Greek when the language is Greek", async () => {
    await i18n.changeLanguage("el");
    mockBackend({
      appInfo: makeAppInfo({ demo: true, language: "el" }),
      workList: makePage([
        makeCard({
          due: hoursFromNow(-48),
          dueBucket: "overdue",
          ownedByMe: false,
          ownerName: "Ελένη Κώστα",
          localTime: { time: "23:10", timeZone: "Europe/Athens", withinCallingHours: false },
        }),
      ]),
    });
    renderWithProviders(<App />);

    expect(screen.getByRole("heading", { level: 2, name: "Λίστα εργασιών" })).toBeInTheDocument();
    expect(await screen.findByTestId("demo-badge")).toHaveTextContent("Δεδομένα επίδειξης");
    const card = await screen.findByTestId("worklist-card");
    expect(within(card).getByTestId("worklist-card-due")).toHaveTextContent(
      /^Εκπρόθεσμο · προχθές$/,
    );
    expect(within(card).getByText("Κάτοχος: Ελένη Κώστα")).toBeInTheDocument();
    expect(within(card).getByText("Δυνητικός πελάτης")).toBeInTheDocument();
    expect(within(card).getByRole("img", { name: "Τηλεφωνική κλήση" })).toBeInTheDocument();
    expect(within(card).getByTestId("worklist-card-local-time")).toHaveTextContent(
      "23:10 τοπική ώρα (Europe/Athens) · Εκτός ωρών κλήσεων",
    );
    expect(document.documentElement.lang).toBe("el");
  });

  it("shows a translated Greek error message", async () => {
    await i18n.changeLanguage("el");
    mockBackend({
      appInfo: makeAppInfo({ language: "el" }),
      workList: { reject: { code: "sales_role_required", message: "a sales role is required" } },
    });
    renderWithProviders(<App />);

    const error = await screen.findByTestId("worklist-error");
    expect(error).toHaveTextContent("Δεν ήταν δυνατή η φόρτωση της λίστας εργασιών");
    expect(error).toHaveTextContent("Χρειάζεστε τον ρόλο Πωλητή ή Διευθυντή Πωλήσεων");
    expect(within(error).getByRole("button", { name: "Δοκιμάστε ξανά" })).toBeInTheDocument();
  });
});

import type {
  Activity,
  ActivityAction,
  ActivityView,
  AppInfo,
  AudioDevices,
  CallInfo,
  CallLink,
  DesktopPrefs,
  Conversation,
  DialPlan,
  DirectoryView,
  EmailComposer,
  EmailDraft,
  EmailSettingsView,
  MainAction,
  OutboxItem,
  PhoneAccountView,
  PhoneStatus,
  SignInPrompt,
  SyncIssue,
  SyncStatus,
  TextDetails,
  TextSettingsView,
  TimelineEntry,
  UpNextView,
  WorkListCard,
  WorkListPage,
} from "../ipc/commands";

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

/**
 * A work-list page. It carries `total` as the current back end sends it; a back end that
 * counts apart (`work_list_count`) leaves it out, which `withoutTotal` mimics.
 */
export function makePage(
  cards: WorkListCard[],
  overrides: Partial<WorkListPage> & { total?: number } = {},
): WorkListPage {
  const page = { cards, nextCursor: null, total: cards.length, ...overrides };
  return page as WorkListPage;
}

export function withoutTotal(page: WorkListPage): WorkListPage {
  const { cards, nextCursor } = page;
  const rest = { cards, nextCursor };
  return rest as WorkListPage;
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

export function makeActivity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: "act-1",
    record: "lead-1",
    type: "phoneCall",
    subject: "Intro call about bulk orders",
    due: hoursFromNow(2),
    startsAt: hoursFromNow(-1),
    state: "open",
    assignee: { kind: "user", id: "user-me" },
    step: { sequence: "seq-1", index: 0 },
    joinUrl: null,
    snoozedUntil: null,
    createdAt: hoursFromNow(-24),
    closedAt: null,
    closedBy: null,
    version: 1,
    call: null,
    email: null,
    text: null,
    meeting: null,
    ...overrides,
  };
}

const ALL_ACTIONS: ActivityAction[] = ["complete", "skip", "snooze", "assign", "addNote"];

/** An activity with every action allowed except those given as `{ action: [code, reason] }`. */
export function makeActivityView(
  activity: Partial<Activity> = {},
  refused: Partial<Record<ActivityAction, [string, string]>> = {},
  mainAction: MainAction = "call",
): ActivityView {
  return {
    activity: makeActivity(activity),
    mainAction,
    actions: ALL_ACTIONS.map((action) => {
      const r = refused[action];
      return r
        ? { action, allowed: false, code: r[0], reason: r[1] }
        : { action, allowed: true, code: null, reason: null };
    }),
  };
}

export function makeDialPlan(overrides: Partial<DialPlan> = {}): DialPlan {
  return {
    target: {
      kind: "number",
      number: {
        kind: "business",
        e164: "+302101234567",
        display: "+30 21 0123 4567",
        region: "GR",
      },
    },
    fallback: { kind: "mobile", e164: "+306912345678", display: "+30 691 234 5678", region: "GR" },
    warnings: [],
    ...overrides,
  };
}

export function makeUpNext(overrides: Partial<UpNextView> = {}): UpNextView {
  return {
    record: {
      id: "lead-1",
      kind: "lead",
      name: "Aegean Olive Co.",
      contact: {
        name: "Maria Papadopoulou",
        company: "Aegean Olive Co.",
        businessPhone: "+302101234567",
        mobilePhone: "+306912345678",
        email: "maria@aegean-olive.example",
        doNotPhone: false,
        doNotEmail: false,
        doNotText: false,
        country: "GR",
        timeZone: "Europe/Athens",
      },
      owner: "user-me",
      sequence: "seq-1",
      score: 80,
      lastContacted: null,
      version: 1,
    },
    ownerName: "Nikos Georgiou",
    sequenceName: "New lead outreach",
    active: makeActivityView(),
    waiting: null,
    manual: [],
    upcoming: [
      {
        index: 1,
        kind: { kind: "wait", minutes: 2880 },
        subject: "",
        earliestStart: hoursFromNow(2),
      },
      {
        index: 2,
        kind: { kind: "email" },
        subject: "Send the price list",
        earliestStart: hoursFromNow(50),
      },
    ],
    completed: [
      makeActivity({
        id: "done-1",
        subject: "First contact",
        state: "completed",
        closedAt: hoursFromNow(-30),
        closedBy: "user-me",
      }),
      makeActivity({
        id: "done-2",
        type: "email",
        subject: "Welcome email",
        state: "skipped",
        closedAt: hoursFromNow(-50),
        closedBy: "user-me",
      }),
    ],
    localTime: { time: "13:00", timeZone: "Europe/Athens", withinCallingHours: true },
    dialPlan: makeDialPlan(),
    dialPlanError: null,
    syncIssues: [],
    ...overrides,
  };
}

export function makeDirectory(): DirectoryView {
  return {
    users: [
      {
        id: "user-me",
        name: "Nikos Georgiou",
        email: "nikos@example.com",
        role: "seller",
        phone: null,
      },
      {
        id: "user-2",
        name: "Eleni Kosta",
        email: "eleni@example.com",
        role: "salesManager",
        phone: null,
      },
      { id: "user-3", name: "Admin Person", email: "admin@example.com", role: null, phone: null },
    ],
    teams: [{ id: "team-1", name: "Inside sales", members: ["user-me", "user-2"] }],
  };
}

export function makeTimeline(): TimelineEntry[] {
  return [
    {
      id: "t3",
      record: "lead-1",
      at: hoursFromNow(-1),
      author: "user-2",
      event: { kind: "noteAdded", note: "n1", text: "Asked for a callback on Friday." },
    },
    {
      id: "t2",
      record: "lead-1",
      at: hoursFromNow(-30),
      author: "user-me",
      event: {
        kind: "completed",
        activity: "done-1",
        activityType: "phoneCall",
        subject: "First contact",
      },
    },
    {
      id: "t1",
      record: "lead-1",
      at: hoursFromNow(-50),
      author: "user-me",
      event: {
        kind: "skipped",
        activity: "done-2",
        activityType: "email",
        subject: "Welcome email",
      },
    },
  ];
}

export function makePhoneStatus(overrides: Partial<PhoneStatus> = {}): PhoneStatus {
  return {
    registration: { state: "registered" },
    account: "nikos@pbx.example.com",
    calls: [],
    recentNumbers: [],
    testCallLevel: null,
    audioNotice: null,
    ...overrides,
  };
}

export function makeCall(overrides: Partial<CallInfo> = {}): CallInfo {
  return {
    id: "call-1",
    activity: "call-act-1",
    record: "lead-1",
    recordName: "Aegean Olive Co.",
    subject: "Intro call",
    who: "Maria Papadopoulou",
    number: "+302101234567",
    numberDisplay: "+30 21 0123 4567",
    direction: "outgoing",
    phase: "dialing",
    muted: false,
    connectedAt: null,
    quality: null,
    outcome: null,
    outcomeText: null,
    nextNumber: null,
    keysSent: "",
    ...overrides,
  };
}

export function makeAudioDevices(overrides: Partial<AudioDevices> = {}): AudioDevices {
  return {
    microphones: [
      { id: "mic-usb", name: "USB headset microphone" },
      { id: "mic-int", name: "Built-in microphone" },
    ],
    speakers: [
      { id: "spk-usb", name: "USB headset" },
      { id: "spk-int", name: "Built-in speakers" },
    ],
    microphone: null,
    speaker: null,
    ...overrides,
  };
}

export function makePhoneAccountView(overrides: Partial<PhoneAccountView> = {}): PhoneAccountView {
  return {
    account: {
      serverUrl: "",
      user: "",
      domain: "",
      authUser: null,
      displayName: null,
      stunServers: [],
      turnServer: null,
      turnUser: null,
      autoDialMobile: false,
    },
    hasPassword: false,
    hasTurnPassword: false,
    ...overrides,
  };
}

/** The sync as a back end that was never connected sends it. */
export function makeSyncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    phase: "notConnected",
    connection: null,
    signIn: null,
    progress: null,
    lastSync: null,
    nextSync: null,
    problem: null,
    pending: 0,
    conflicts: 0,
    missingTables: [],
    ...overrides,
  };
}

/** Connected to Contoso and idle: synced five minutes ago, the next sync in ten. */
export function makeConnectedSync(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return makeSyncStatus({
    phase: "idle",
    connection: { orgUrl: "https://contoso.crm4.dynamics.com", userName: "Nikos Georgiou" },
    lastSync: hoursFromNow(-5 / 60),
    nextSync: hoursFromNow(10 / 60),
    ...overrides,
  });
}

export function makeSignInPrompt(overrides: Partial<SignInPrompt> = {}): SignInPrompt {
  return {
    userCode: "FQK7-XM2P",
    verificationUri: "https://microsoft.com/devicelogin",
    message:
      "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FQK7-XM2P to authenticate.",
    expiresAt: hoursFromNow(0.25),
    ...overrides,
  };
}

/** crm_connect's answer for the sign-in in the browser: no code, Microsoft's sign-in page. */
export function makeBrowserSignInPrompt(overrides: Partial<SignInPrompt> = {}): SignInPrompt {
  return {
    userCode: "",
    verificationUri:
      "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=nextline-test&response_type=code",
    message: "",
    expiresAt: hoursFromNow(1 / 6),
    ...overrides,
  };
}

export function makeOutboxItem(overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    seq: 1,
    entity: "activity",
    operation: "update",
    summary: "Phone call · Call Anna Berg",
    recordName: "Aegean Olive Co.",
    state: "pending",
    attempts: 0,
    lastError: null,
    createdAt: hoursFromNow(-1),
    ...overrides,
  };
}

/** A change of the record's that Dynamics 365 refused; `conflict: true` makes it a conflict. */
export function makeSyncIssue(overrides: Partial<SyncIssue> = {}): SyncIssue {
  return {
    seq: 7,
    activity: "act-1",
    summary: "Phone call · Intro call about bulk orders (completed)",
    conflict: false,
    message: "The record is read-only.",
    ...overrides,
  };
}

/** The desktop preferences of a new install: close to the tray, no quiet hours, no DND. */
export function makeDesktopPrefs(overrides: Partial<DesktopPrefs> = {}): DesktopPrefs {
  return {
    closeToTray: true,
    startAtLogin: false,
    notify: { quietHours: null, dndUntil: null, meetingLeadMinutes: null },
    ...overrides,
  };
}

/** A tel: link to Giorgos Nikolaou's number, as `take_call_link` gives it. */
export function makeCallLink(overrides: Partial<CallLink> = {}): CallLink {
  return {
    number: "+302107654321",
    record: "opp-7",
    recordName: "Cycladic Ferries renewal",
    ...overrides,
  };
}

/**
 * A text message on Maria's record (R19–R21): by default one the seller sent an hour ago,
 * delivered. `text` overrides the message's details.
 */
export function makeTextMessage(
  overrides: Partial<Activity> = {},
  text: Partial<TextDetails> = {},
): Activity {
  const at = text.at ?? hoursFromNow(-1);
  const body = text.body ?? "Hi Maria, it's Nikos. When is a good time to call?";
  return makeActivity({
    id: "text-1",
    type: "textMessage",
    subject: body,
    due: at,
    startsAt: at,
    state: "completed",
    step: null,
    createdAt: at,
    closedAt: at,
    closedBy: "user-me",
    text: {
      direction: "outgoing",
      from: "+302111980000",
      to: "+302101234567",
      body,
      state: "delivered",
      transport: "twilio",
      providerId: "SM123",
      failure: null,
      forActivity: null,
      at,
      ...text,
    },
    ...overrides,
  });
}

/** Maria's conversation pane: no messages yet, her two numbers, texts through Twilio. */
export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    record: "lead-1",
    contactName: "Maria Papadopoulou",
    messages: [],
    toNumbers: [
      { kind: "business", e164: "+302101234567", display: "+30 21 0123 4567", region: "GR" },
      { kind: "mobile", e164: "+306912345678", display: "+30 691 234 5678", region: "GR" },
    ],
    fromNumbers: ["+302111980000"],
    warnings: [],
    templates: [
      {
        id: "missed-call",
        name: "Sorry I missed you",
        subject: "",
        body: "Hi Maria, it's Nikos Georgiou. Sorry I missed you — when is a good time to call?",
      },
      {
        id: "running-late",
        name: "Running late",
        subject: "",
        body: "Hi Maria, Nikos here: I'm running 10 minutes late. Sorry!",
      },
    ],
    transport: "twilio",
    ...overrides,
  };
}

/** Settings → Text messages as a new install has them: not set up, no phone account. */
export function makeTextSettingsView(overrides: Partial<TextSettingsView> = {}): TextSettingsView {
  return {
    settings: { via: null, twilio: null },
    tokenSaved: false,
    phoneAddress: null,
    ...overrides,
  };
}

/**
 * The email composer for Maria's record as a fresh email opens (R15): To her address, no
 * subject, two templates, the seller's signature, no suggested send time, SMTP ready.
 */
export function makeEmailComposer(
  overrides: Partial<EmailComposer> = {},
  draft: Partial<EmailDraft> = {},
): EmailComposer {
  return {
    draft: {
      record: "lead-1",
      forActivity: null,
      to: ["maria@aegean-olive.example"],
      cc: [],
      subject: "",
      bodyHtml: "",
      savedAt: null,
      ...draft,
    },
    restored: false,
    contactName: "Maria Papadopoulou",
    warnings: [],
    templates: [
      {
        id: "price-list",
        name: "Price list",
        subject: "Our price list",
        body: "<p>Dear Maria,</p><p>Please find our price list attached.</p>",
      },
      {
        id: "follow-up",
        name: "Following up",
        subject: "Following up on our call",
        body: "<p>Hi Maria, just following up on our call.</p>",
      },
    ],
    signature: "<p>Nikos Georgiou<br>Inside sales</p>",
    suggested: null,
    route: "smtp",
    ready: true,
    ...overrides,
  };
}

/** Settings → Email as a new install has them: no mail server, no signature. */
export function makeEmailSettingsView(
  overrides: Partial<EmailSettingsView> = {},
): EmailSettingsView {
  return { settings: { smtp: null, signature: "" }, passwordSaved: false, ...overrides };
}

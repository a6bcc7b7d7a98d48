/** English strings. Greek (`el.ts`) must have exactly the same keys. */
export const en = {
  app: {
    name: "Nextline",
    demoData: "Demo data",
    demoDataHint: "You are looking at sample records, not your organisation's data.",
    loadError: "Couldn't load your account details",
    signedInAs: "Signed in as {{name}}",
  },
  worklist: {
    title: "Work list",
    label: "Your work list",
    loading: "Loading your work list…",
    count_one: "{{count}} activity",
    count_other: "{{count}} activities",
    showing: "Showing {{shown}} of {{total}}",
    emptyTitle: "Nothing on your work list",
    emptyBody:
      "Calls, emails, meetings and tasks planned on your leads and opportunities show up here. Open a lead or opportunity and add an activity to get started.",
    loadError: "Couldn't load the work list",
    retry: "Try again",
    overdue: "Overdue",
    dueLabel: "Due {{when}}",
    owner: "Owner: {{name}}",
    contact: "Contact: {{name}}",
    localTime: "{{time}} local time ({{timeZone}})",
    outsideCallingHours: "Outside calling hours",
    recordKind: {
      lead: "Lead",
      opportunity: "Opportunity",
    },
    activityType: {
      phoneCall: "Phone call",
      email: "Email",
      meeting: "Meeting",
      teamsMeeting: "Teams meeting",
      textMessage: "Text message",
      task: "Task",
    },
  },
  errors: {
    unknown: "Something went wrong. Try again, and if it keeps happening, restart Nextline.",
    internal:
      "Something went wrong inside Nextline. Try again, and if it keeps happening, restart it.",
    sales_role_required:
      "You need the Seller or Sales Manager role to do this. Ask your administrator.",
    not_your_activity: "This activity is assigned to someone else. Ask them or the record owner.",
    manual_task_cannot_be_snoozed:
      "Manual tasks can't be snoozed. Change the task's due date instead, or mark it complete.",
    snooze_time_not_in_future: "Pick a snooze time in the future.",
    only_owner_can_assign: "Only the record's owner or a sales manager can assign its activities.",
    only_owner_can_change_owner: "Only the record's owner or a sales manager can change its owner.",
    note_empty: "Write something in the note first.",
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language's resources must have. */
export type Resources = Widen<typeof en>;

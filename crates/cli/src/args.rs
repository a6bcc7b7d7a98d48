//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "nextline",
    version,
    about = "Nextline without the window: the seller's work list, Up Next and actions, for scripts, support and tests."
)]
pub struct Cli {
    /// The database file (default: the app's data folder; or NEXTLINE_DB).
    #[arg(long, global = true, env = "NEXTLINE_DB")]
    pub db: Option<PathBuf>,
    /// Act as this user (name, email or id) instead of the current user.
    #[arg(long = "as", global = true, value_name = "USER")]
    pub as_user: Option<String>,
    /// Pretend it is this time (RFC 3339), for reproducible runs.
    #[arg(long, global = true, value_name = "TIME")]
    pub now: Option<String>,
    /// Print JSON (stable, documented in the README) instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of messages: en or el (default: from LANG).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Demo data.
    #[command(subcommand)]
    Demo(DemoCmd),
    /// The work list (R3): one card per record with open work for you.
    Worklist(WorklistArgs),
    /// The Up Next panel of a record (R4).
    Upnext { record: String },
    /// Mark an activity complete, optionally with a note (R5).
    Complete {
        activity: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Skip an activity: the next step becomes active; a manual task is cancelled (R6).
    Skip { activity: String },
    /// Snooze an activity until a time (R7). Manual tasks cannot be snoozed.
    Snooze {
        activity: String,
        #[arg(long)]
        until: String,
    },
    /// Assign an activity to a user or a team (R9).
    Assign {
        activity: String,
        /// A user (name, email, id) or a team (name, or team:NAME).
        #[arg(long)]
        to: String,
    },
    /// Add a note to an activity in progress (R8).
    Note { activity: String, text: String },
    /// Change a record's owner (R10).
    Owner {
        record: String,
        #[arg(long)]
        to: String,
    },
    /// A record's timeline, newest first.
    Timeline {
        record: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// What pressing Call would dial (R12, R13).
    Dialplan { record: String },
    /// Call a number or SIP address — or a record's contact, as the Call button does (business
    /// number, else mobile; R12) — talk for a while from WAV files, and hang up.
    Call(CallArgs),
    /// The phone account.
    #[command(subcommand)]
    Phone(PhoneCmd),
    /// Text messages.
    #[command(subcommand)]
    Text(TextCmd),
    /// Keep a SIP account's password in the OS keyring (read from standard input).
    SipPassword {
        /// The SIP account, user@domain.
        account: String,
        /// Remove it instead.
        #[arg(long)]
        delete: bool,
    },
    /// Local changes waiting to be written to the CRM (with --all: also those that landed).
    Outbox {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        all: bool,
        /// Send this failed change again at the next sync.
        #[arg(long, value_name = "SEQ")]
        retry: Option<i64>,
    },
    /// Sign in to Dynamics 365 (device code: open the link shown, type the code). With
    /// NEXTLINE_CRM_TOKEN set (tests and automation only), that token is used instead.
    Login {
        /// The organization URL, e.g. https://contoso.crm4.dynamics.com.
        #[arg(long)]
        org: String,
        /// Sign in with a device code (the only way from the command line; accepted for clarity).
        #[arg(long)]
        device_code: bool,
        /// The app registration (a public client) to sign in through.
        #[arg(long, env = "NEXTLINE_CRM_CLIENT_ID", default_value = nextline_dataverse::auth::SAMPLE_CLIENT_ID)]
        client_id: String,
        /// The Entra ID authority (tests: a stand-in token endpoint).
        #[arg(long, env = "NEXTLINE_ENTRA_AUTHORITY", default_value = nextline_dataverse::auth::DEFAULT_AUTHORITY)]
        authority: String,
    },
    /// Send the outbox to Dynamics 365 and read what changed there.
    Sync {
        /// Read every table from scratch (local changes still to send are kept).
        #[arg(long)]
        full: bool,
    },
    /// Sign out of Dynamics 365 (the tokens leave the keyring; changes still to send stay).
    Logout,
    /// Users and teams.
    Users,
    /// Run the activity clock without the window: snoozed activities coming due and meetings
    /// about to start raise desktop notifications (each once, also across restarts), printed
    /// here too; Snooze 1 hour and Mark complete on a notification are done here.
    Reminders {
        /// Stop after this many seconds (default: run until stopped).
        #[arg(long, value_name = "SECONDS")]
        r#for: Option<u64>,
    },
    /// The emails being written in the window and not sent yet (one draft per record, R16).
    Drafts,
}

#[derive(Subcommand)]
pub enum DemoCmd {
    /// Fill an empty database with the demo data.
    Seed {
        #[arg(long, default_value_t = nextline_demo_records())]
        records: usize,
        #[arg(long, default_value_t = 20_261_127)]
        seed: u64,
    },
}

fn nextline_demo_records() -> usize {
    240
}

#[derive(Args)]
pub struct WorklistArgs {
    /// Activity type: phone-call, email, meeting, text-message, task (repeatable).
    #[arg(long = "type")]
    pub types: Vec<String>,
    /// Due: overdue, today, tomorrow, this-week, later (repeatable).
    #[arg(long)]
    pub due: Vec<String>,
    /// Record type: lead or opportunity (repeatable).
    #[arg(long)]
    pub kind: Vec<String>,
    /// Owner: anyone, me, not-me, or a user.
    #[arg(long, default_value = "anyone")]
    pub owner: String,
    /// Search by name, company, email or phone.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t = Sort::Due)]
    pub sort: Sort,
    #[arg(long)]
    pub desc: bool,
    #[arg(long, value_enum)]
    pub group: Option<Group>,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Continue after this cursor (from the previous page's JSON).
    #[arg(long)]
    pub after: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Sort {
    Due,
    Name,
    Score,
    RecordType,
    LastContacted,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Group {
    Due,
    Type,
}

/// Which SIP account: given here (or through NEXTLINE_SIP_SERVER and NEXTLINE_SIP_ACCOUNT, for
/// automation), else the one set up in the app's Settings → Phone.
#[derive(Args, Clone)]
pub struct SipArgs {
    /// The SIP server: wss://host:port/path (or ws:// on a trusted network).
    #[arg(long, env = "NEXTLINE_SIP_SERVER")]
    pub server: Option<String>,
    /// The SIP account, user@domain.
    #[arg(long, env = "NEXTLINE_SIP_ACCOUNT")]
    pub account: Option<String>,
    /// Read the SIP password from standard input (default: the OS keyring, see sip-password).
    #[arg(long)]
    pub password_stdin: bool,
    /// Also trust this CA certificate (PEM) for wss:// (or NEXTLINE_SIP_CA_FILE).
    #[arg(long, value_name = "PEM")]
    pub ca: Option<PathBuf>,
}

#[derive(Args)]
pub struct CallArgs {
    /// A number (E.164 or national), a SIP user or a sip: address. Leave out with --record.
    pub target: Option<String>,
    /// Call this record's contact (its dial plan, as the Call button does); the call is logged
    /// on the record as a phone call activity (R14).
    #[arg(long, value_name = "RECORD")]
    pub record: Option<String>,
    /// Call even though the contact asked not to be phoned (R13).
    #[arg(long)]
    pub despite_do_not_phone: bool,
    #[command(flatten)]
    pub sip: SipArgs,
    /// Play this WAV file (48 kHz, 16-bit) as your voice, in a loop; default: silence.
    #[arg(long, value_name = "WAV", conflicts_with = "tone")]
    pub play: Option<PathBuf>,
    /// Send a steady tone of this frequency as your voice.
    #[arg(long, value_name = "HZ")]
    pub tone: Option<f32>,
    /// Write what the other side says to this WAV file.
    #[arg(long, value_name = "WAV")]
    pub record_to: Option<PathBuf>,
    /// Send these keypad digits (DTMF) once the call is answered.
    #[arg(long, value_name = "DIGITS")]
    pub dtmf: Option<String>,
    /// Hang up after this many seconds of talking.
    #[arg(
        long = "hangup-after",
        alias = "seconds",
        value_name = "SECONDS",
        default_value_t = 10
    )]
    pub hangup_after: u64,
}

#[derive(Subcommand)]
pub enum PhoneCmd {
    /// Register the SIP account and say whether it worked (and why not).
    Register {
        #[command(flatten)]
        sip: SipArgs,
    },
    /// Answer incoming calls at once, for support and tests (no activity is logged): a headless
    /// phone to call, e.g. to check a PBX's route or to time a call's setup.
    Answer {
        #[command(flatten)]
        sip: SipArgs,
        /// Send a steady tone of this frequency as your voice; default: silence.
        #[arg(long, value_name = "HZ")]
        tone: Option<f32>,
        /// Stop after this many calls have ended; default: answer until stopped.
        #[arg(long, value_name = "N")]
        calls: Option<u32>,
    },
}

#[derive(Subcommand)]
pub enum TextCmd {
    /// Send a text message over SIP MESSAGE through the phone account.
    Send {
        /// A number or a SIP address.
        target: String,
        message: String,
        #[command(flatten)]
        sip: SipArgs,
    },
}

//! `nextline-crm-server`: a Dataverse-compatible server for tests and the demo. Prints
//! `listening on http://127.0.0.1:PORT` once it accepts connections.

use clap::Parser;
use nextline_crm_server::{demo, faults::Faults, org, quiet_cuts, router};

#[derive(Parser)]
#[command(about = "A Dataverse-compatible server for Nextline's tests and demo")]
struct Args {
    /// 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Load the demo org with this many leads and opportunities (0: an empty org).
    #[arg(long, default_value_t = 0)]
    demo_records: usize,
    /// An access token always accepted (automation).
    #[arg(long)]
    token: Option<String>,
    /// How long the stub's access tokens last.
    #[arg(long, default_value_t = 3600)]
    token_lifetime_secs: i64,
    /// The org has no sales accelerator (no msdyn_sequencetarget tables).
    #[arg(long)]
    no_sequences: bool,
    /// Share of Web API requests that fail (429, 503, timeout, cut, 412).
    #[arg(long, default_value_t = 0.0)]
    fault_rate: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    quiet_cuts();
    let args = Args::parse();
    let shared = org(
        uuid::Uuid::nil(),
        Faults::new(args.fault_rate, args.seed),
        args.token_lifetime_secs,
        args.token,
    );
    {
        let mut t = shared.tables.lock().unwrap();
        if args.no_sequences {
            t.missing = vec![
                "msdyn_sequencetargets".into(),
                "msdyn_sequencetargetsteps".into(),
            ];
        }
        if args.demo_records > 0 {
            let user = demo::load(&mut t, args.demo_records, chrono::Utc::now());
            *shared.user.lock().unwrap() = user.0;
        }
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .expect("bind");
    println!(
        "listening on http://{}",
        listener.local_addr().expect("address")
    );
    // The Twilio stand-in's account, for Settings → Text messages: made up for this run.
    println!(
        "Twilio stand-in: Account SID {}, auth token {}",
        nextline_crm_server::twilio::ACCOUNT_SID,
        shared.twilio.lock().unwrap().token
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    axum::serve(listener, router(shared)).await.expect("serve");
}

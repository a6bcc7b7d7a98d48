//! The SIP connection: one tokio task owns the WebSocket (`Sec-WebSocket-Protocol: sip`) and
//! the sans-IO user agent, turns its outputs into frames and timers, reconnects after a drop
//! (within 2 s once the server is reachable again) and notices a machine that slept.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use nextline_sip::{Account, Input, Output, UaEvent, UserAgent};
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use crate::entropy::RandomTokens;

type Agent = UserAgent<RandomTokens>;
type Job = Box<dyn FnOnce(&mut Agent) + Send>;
type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// WebSocket keep-alive: a ping this often; no pong within `PONG_WAIT` means the link is dead.
const PING_EVERY: Duration = Duration::from_secs(20);
const PONG_WAIT: Duration = Duration::from_secs(10);
/// Reconnect delays: quick at first, never more than 2 s apart.
const BACKOFF: [Duration; 4] = [
    Duration::from_millis(100),
    Duration::from_millis(250),
    Duration::from_secs(1),
    Duration::from_secs(2),
];

/// Where the SIP account lives.
#[derive(Debug, Clone)]
pub struct SipServer {
    /// `wss://host:port/path` (or `ws://` on a trusted network).
    pub url: String,
    pub account: Account,
    /// PEM certificates to trust besides the system's (a company's own CA), for `wss://`.
    pub extra_roots_pem: Option<String>,
}

/// TLS for `wss://`: the system's roots plus the account's own.
fn tls_config(extra_pem: Option<&str>) -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(pem) = extra_pem {
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let cert = cert.map_err(|e| format!("the extra certificate is not valid PEM: {e}"))?;
            roots
                .add(cert)
                .map_err(|e| format!("the extra certificate cannot be used: {e}"))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// A running SIP connection; dropping it stops the task (without unregistering).
pub struct Signalling {
    jobs: mpsc::UnboundedSender<Job>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Debug, thiserror::Error)]
pub enum SignallingError {
    #[error("the phone connection has stopped")]
    Stopped,
}

impl Signalling {
    /// Starts connecting and registering; events arrive on the returned receiver.
    pub fn start(server: SipServer) -> (Signalling, mpsc::UnboundedReceiver<UaEvent>) {
        let (jobs, job_rx) = mpsc::unbounded_channel();
        let (events_tx, events) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(server, job_rx, events_tx));
        (Signalling { jobs, task }, events)
    }

    /// Runs `f` on the user agent (place a call, answer, hang up, send a message…).
    pub async fn with<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Agent) -> R + Send + 'static,
    ) -> Result<R, SignallingError> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |ua: &mut Agent| {
                let _ = tx.send(f(ua));
            }))
            .map_err(|_| SignallingError::Stopped)?;
        rx.await.map_err(|_| SignallingError::Stopped)
    }

    /// Unregisters, then stops.
    pub async fn shutdown(self) {
        let _ = self.with(|ua| ua.unregister()).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.task.abort();
    }
}

impl Drop for Signalling {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn connect(server: &SipServer) -> Result<Socket, String> {
    let mut request = server
        .url
        .as_str()
        .into_client_request()
        .map_err(|e| e.to_string())?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("sip"));
    let connector = if server.url.starts_with("wss:") {
        Some(Connector::Rustls(tls_config(
            server.extra_roots_pem.as_deref(),
        )?))
    } else {
        None
    };
    let connecting =
        tokio_tungstenite::connect_async_tls_with_config(request, None, true, connector);
    match tokio::time::timeout(Duration::from_secs(5), connecting).await {
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "SIP WebSocket connect failed");
            Err(e.to_string())
        }
        Err(_) => Err("the server did not answer within 5 s".to_string()),
    }
}

async fn run(
    server: SipServer,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    events: mpsc::UnboundedSender<UaEvent>,
) {
    let mut account = server.account.clone();
    // Via `SIP/2.0/WSS` and Contact `transport=wss` on a secure socket (RFC 7118 §5).
    account.secure = server.url.starts_with("wss:");
    let mut ua = UserAgent::new(account, RandomTokens);
    let (timer_tx, mut timers) = mpsc::unbounded_channel::<u64>();
    let mut attempt = 0usize;
    loop {
        // Connect (again), quickly at first. The seller's commands still run meanwhile (a
        // hang-up must not wait for the connection attempt; they fail with "not connected").
        let connecting = connect(&server);
        tokio::pin!(connecting);
        let connected = loop {
            tokio::select! {
                result = &mut connecting => break result,
                job = jobs.recv() => match job {
                    Some(job) => job(&mut ua),
                    None => return,
                },
                Some(id) = timers.recv() => ua.handle(Input::Timer(id)),
            }
            if !flush(&mut ua, None, &timer_tx, &events).await {
                return;
            }
        };
        let mut socket = match connected {
            Ok(socket) => socket,
            Err(reason) => {
                if attempt == 0 {
                    let _ = events.send(UaEvent::ConnectionFailed { reason });
                }
                let delay = BACKOFF[attempt.min(BACKOFF.len() - 1)];
                attempt += 1;
                // Jobs still run while offline (they fail with "not connected").
                let deadline = Instant::now() + delay;
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => break,
                        job = jobs.recv() => match job {
                            Some(job) => job(&mut ua),
                            None => return,
                        },
                        Some(id) = timers.recv() => ua.handle(Input::Timer(id)),
                    }
                    if !flush(&mut ua, None, &timer_tx, &events).await {
                        return;
                    }
                }
                continue;
            }
        };
        attempt = 0;
        tracing::info!("SIP connection open");
        ua.handle(Input::Connected);
        let mut ping = tokio::time::interval(PING_EVERY);
        ping.reset();
        let mut last_tick = Instant::now();
        let mut awaiting_pong: Option<Instant> = None;
        let mut alive = flush(&mut ua, Some(&mut socket), &timer_tx, &events).await;
        while alive {
            tokio::select! {
                frame = socket.next() => match frame {
                    Some(Ok(Frame::Text(text))) => ua.handle(Input::Received(text.to_string())),
                    Some(Ok(Frame::Binary(bytes))) => {
                        ua.handle(Input::Received(String::from_utf8_lossy(&bytes).into_owned()))
                    }
                    Some(Ok(Frame::Pong(_))) => awaiting_pong = None,
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => alive = false,
                },
                job = jobs.recv() => match job {
                    Some(job) => job(&mut ua),
                    None => return,
                },
                Some(id) = timers.recv() => ua.handle(Input::Timer(id)),
                _ = ping.tick() => {
                    let now = Instant::now();
                    // The tick came far too late: the machine slept. Start again.
                    let slept = now.duration_since(last_tick) > PING_EVERY * 2;
                    let no_pong = awaiting_pong.is_some_and(|t| now.duration_since(t) > PONG_WAIT);
                    last_tick = now;
                    if slept || no_pong {
                        alive = false;
                    } else {
                        awaiting_pong.get_or_insert(now);
                        alive = socket.send(Frame::Ping(Vec::new().into())).await.is_ok();
                    }
                }
            }
            if alive {
                alive = flush(&mut ua, Some(&mut socket), &timer_tx, &events).await;
            }
        }
        tracing::info!("SIP connection lost; reconnecting");
        let _ = socket.close(None).await;
        ua.handle(Input::Disconnected);
        if !flush(&mut ua, None, &timer_tx, &events).await {
            return;
        }
    }
}

/// Carries out the user agent's outputs. False when the socket failed.
async fn flush(
    ua: &mut Agent,
    mut socket: Option<&mut Socket>,
    timers: &mpsc::UnboundedSender<u64>,
    events: &mpsc::UnboundedSender<UaEvent>,
) -> bool {
    let mut ok = true;
    while let Some(out) = ua.poll() {
        match out {
            Output::Send(text) => {
                if let Some(s) = socket.as_deref_mut()
                    && s.send(Frame::Text(text.into())).await.is_err()
                {
                    ok = false;
                }
            }
            Output::Timer { id, after } => {
                let timers = timers.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = timers.send(id);
                });
            }
            // Nobody listening is no reason to stop the phone.
            Output::Event(e) => {
                let _ = events.send(e);
            }
        }
    }
    ok
}

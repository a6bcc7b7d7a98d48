//! Registration: REGISTER with digest authentication, refreshed before it expires, again after
//! the connection comes back (the driver reconnects and feeds `Input::Connected`).

use std::time::Duration;

use crate::events::{Cause, TimerId, UaEvent};
use crate::message::Message;
use crate::ua::{ClientTx, Entropy, Purpose, REGISTER_RETRY, TimerKind, UserAgent};

#[derive(Debug)]
pub(crate) struct Registration {
    pub call_id: String,
    pub tag: String,
    pub cseq: u32,
    pub registered: bool,
    pub refresh: Option<TimerId>,
    /// The lifetime to ask for (a 423 raises it to the server's minimum).
    pub expires: Option<u32>,
    pub unregistering: bool,
}

impl Registration {
    pub fn new(call_id: String) -> Registration {
        Registration {
            tag: format!("r{}", &call_id[..call_id.len().min(10)]),
            call_id,
            cseq: 0,
            registered: false,
            refresh: None,
            expires: None,
            unregistering: false,
        }
    }
}

/// When to refresh a registration that lasts `expires` seconds.
pub fn refresh_after(expires: u32) -> Duration {
    let secs = if expires > 120 {
        expires - 60
    } else {
        (expires / 2).max(1)
    };
    Duration::from_secs(u64::from(secs))
}

impl<E: Entropy> UserAgent<E> {
    /// Registers (or refreshes the registration).
    pub fn register(&mut self) {
        self.registration.unregistering = false;
        let expires = self
            .registration
            .expires
            .unwrap_or(self.account.register_expires);
        self.send_register(expires);
    }

    /// Removes the registration (`Expires: 0`), e.g. when the seller signs out of the phone.
    pub fn unregister(&mut self) {
        self.registration.unregistering = true;
        let timer = self.registration.refresh.take();
        self.cancel_timer(timer);
        self.send_register(0);
    }

    fn send_register(&mut self, expires: u32) {
        let timer = self.registration.refresh.take();
        self.cancel_timer(timer);
        self.registration.cseq += 1;
        let aor = self.account.aor();
        let headers = vec![
            (
                "From".to_string(),
                format!("<{aor}>;tag={}", self.registration.tag),
            ),
            ("To".to_string(), format!("<{aor}>")),
            ("Call-ID".to_string(), self.registration.call_id.clone()),
            ("Contact".to_string(), self.contact()),
            ("Expires".to_string(), expires.to_string()),
            ("Allow".to_string(), crate::ua::ALLOW.to_string()),
        ];
        let uri = format!("sip:{}", self.account.domain);
        let cseq = self.registration.cseq;
        self.start_transaction(
            (Purpose::Register, None),
            "REGISTER",
            &uri,
            cseq,
            headers,
            None,
        );
    }

    pub(crate) fn register_response(&mut self, tx: &ClientTx, m: &Message) {
        let status = m.status().unwrap_or(500);
        if (200..300).contains(&status) {
            if self.registration.unregistering {
                self.registration.registered = false;
                self.emit(UaEvent::Unregistered);
                return;
            }
            let asked = self
                .registration
                .expires
                .unwrap_or(self.account.register_expires);
            let expires = self.granted_expires(m).unwrap_or(asked);
            if expires == 0 {
                self.registration.registered = false;
                self.emit(UaEvent::Unregistered);
                return;
            }
            self.registration.registered = true;
            self.registration.refresh =
                Some(self.timer(refresh_after(expires), TimerKind::RegisterRefresh, None));
            self.emit(UaEvent::Registered { expires });
        } else if status == 423
            && let Some(min) = m
                .header("Min-Expires")
                .and_then(|v| v.trim().parse::<u32>().ok())
        {
            self.registration.expires = Some(min);
            self.register();
        } else {
            let _ = tx;
            self.registration.registered = false;
            self.emit(UaEvent::RegistrationFailed {
                code: status,
                reason: m.reason(),
                cause: Cause::of_status(status),
            });
            // A wrong password or a refusal is not retried: it waits for new settings (or a
            // reconnect); trying every 30 s would only get the office's address banned.
            let retry = !matches!(
                Cause::of_status(status),
                Cause::WrongPassword | Cause::Forbidden
            );
            if self.connected && retry {
                self.registration.refresh =
                    Some(self.timer(REGISTER_RETRY, TimerKind::RegisterRefresh, None));
            }
        }
    }

    /// The lifetime the registrar granted our Contact (its `expires` parameter, else `Expires`).
    fn granted_expires(&self, m: &Message) -> Option<u32> {
        let ours = m.header_list("Contact").into_iter().find_map(|c| {
            let a = crate::header::NameAddr::parse(&c)?;
            a.uri
                .contains(&self.host)
                .then(|| a.param("expires")?.parse().ok())?
        });
        ours.or_else(|| m.header("Expires")?.trim().parse().ok())
    }
}

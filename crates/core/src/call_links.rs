//! Click-to-call from anywhere: Nextline handles `tel:`, `callto:` and `sip:` links (a browser
//! or mail client starts it with the link as its argument, or hands it to the running app). A
//! link becomes what the dial pad opens with — the number normalised to E.164 where it can be,
//! and the lead or opportunity whose contact has it.

use serde::Serialize;
use ts_rs::TS;

use nextline_domain::{RecordId, dialplan};

use crate::{App, Result};

/// What a call link asks for, ready for the dial pad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallLink {
    /// What the dial pad shows: the number (E.164 when it could be read, else as written) or a
    /// SIP address.
    pub number: String,
    /// The contact's record, when exactly one has this number.
    pub record: Option<RecordId>,
    pub record_name: Option<String>,
}

/// The number or SIP address in a `tel:`, `callto:` or `sip:`/`sips:` link (RFC 3966, the
/// Skype-era `callto:`, RFC 3261); `None` for anything else.
pub fn parse_call_link(link: &str) -> Option<String> {
    let link = link.trim();
    let (scheme, rest) = link.split_once(':')?;
    let rest = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
    match scheme.to_ascii_lowercase().as_str() {
        "tel" | "callto" => {
            let rest = rest.trim_start_matches('/');
            // Parameters (";phone-context=…", ";ext=…") and anything after "?" are not dialled.
            let number = rest.split([';', '?']).next()?;
            let kept: String = number
                .chars()
                .filter(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '#'))
                .collect();
            (kept.chars().any(|c| c.is_ascii_digit())).then_some(kept)
        }
        "sip" | "sips" => {
            let address = rest.split(['?', ';']).next()?.trim();
            (!address.is_empty()).then(|| format!("{}:{address}", scheme.to_ascii_lowercase()))
        }
        _ => None,
    }
}

/// The first call link among a program's arguments.
pub fn call_link_in_args<I: IntoIterator<Item = String>>(args: I) -> Option<String> {
    args.into_iter().find(|a| parse_call_link(a).is_some())
}

impl App {
    /// What the dial pad opens with for a call link; `None` when it is not one.
    pub async fn call_link(&self, link: &str) -> Result<Option<CallLink>> {
        let Some(raw) = parse_call_link(link) else {
            return Ok(None);
        };
        if raw.starts_with("sip") {
            return Ok(Some(CallLink {
                number: raw,
                record: None,
                record_name: None,
            }));
        }
        let settings = self.settings().await?;
        let number = match dialplan::normalise(&raw, &settings.default_region) {
            Ok(n) => n.format().mode(phonenumber::Mode::E164).to_string(),
            Err(_) => raw.clone(),
        };
        let record = self.record_of_caller(&number).await?;
        let record_name = match record {
            Some(r) => Some(self.store().record_state(r).await?.record.name),
            None => None,
        };
        Ok(Some(CallLink {
            number,
            record,
            record_name,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_and_callto_links_give_the_number() {
        assert_eq!(
            parse_call_link("tel:+30-210-555-0101").as_deref(),
            Some("+302105550101")
        );
        assert_eq!(
            parse_call_link("TEL:%2B30%20210%20555%200101;phone-context=example.com").as_deref(),
            Some("+302105550101")
        );
        assert_eq!(
            parse_call_link("callto://+1 (425) 555-0100").as_deref(),
            Some("+14255550100")
        );
        assert_eq!(
            parse_call_link("tel:2105550101").as_deref(),
            Some("2105550101")
        );
        assert_eq!(parse_call_link("tel:;ext=1"), None);
    }

    #[test]
    fn sip_links_keep_the_address_and_other_things_are_not_links() {
        assert_eq!(
            parse_call_link("sip:maria@pbx.example.com?subject=hi").as_deref(),
            Some("sip:maria@pbx.example.com")
        );
        assert_eq!(parse_call_link("https://example.com"), None);
        assert_eq!(parse_call_link("--db"), None);
        assert_eq!(
            call_link_in_args([
                "nextline-app".into(),
                "--db".into(),
                "x.db".into(),
                "tel:+30 21".into()
            ]),
            Some("tel:+30 21".into())
        );
    }
}

//! R12, R13, R20: which number to dial or text, normalised to E.164, and the warnings a seller
//! must see first.

use crate::error::DomainError;
use crate::record::Contact;
use crate::settings::Settings;
use phonenumber::{Mode, PhoneNumber, country};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;

/// Which of the contact's numbers a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NumberKind {
    Business,
    Mobile,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactNumber {
    pub kind: NumberKind,
    /// E.164, e.g. "+302101234567" — what is dialled.
    pub e164: String,
    /// International format for people, e.g. "+30 21 0123 4567".
    pub display: String,
    /// ISO region of the number, e.g. "GR".
    pub region: Option<String>,
}

/// What pressing Call does (R12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum DialTarget {
    /// Dial this number.
    Number { number: ContactNumber },
    /// The contact has no number: open the dial pad for the seller to enter one.
    DialPad,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ContactWarning {
    /// R13: the contact asked not to be phoned; confirm before dialling.
    DoNotPhone,
    /// R19: the contact asked not to be texted.
    DoNotText,
    /// R19: the contact has no number to text.
    NoNumberToText,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DialPlan {
    pub target: DialTarget,
    /// The next number to try when the first is busy or unanswered (the mobile after the
    /// business number).
    pub fallback: Option<ContactNumber>,
    pub warnings: Vec<ContactWarning>,
}

/// Parse a number as written in the CRM into E.164. `region` is used when the number has no
/// country code. A number that cannot be parsed or is not valid is an error, never a guess.
pub fn normalise(raw: &str, region: &str) -> Result<PhoneNumber, DomainError> {
    let id = country::Id::from_str(&region.to_ascii_uppercase()).ok();
    let invalid = || DomainError::InvalidPhoneNumber(raw.to_string());
    let n = phonenumber::parse(id, raw).map_err(|_| invalid())?;
    if !phonenumber::is_valid(&n) {
        return Err(invalid());
    }
    Ok(n)
}

fn contact_number(kind: NumberKind, raw: &str, region: &str) -> Result<ContactNumber, DomainError> {
    let n = normalise(raw, region)?;
    Ok(ContactNumber {
        kind,
        e164: n.format().mode(Mode::E164).to_string(),
        display: n.format().mode(Mode::International).to_string(),
        region: n.country().id().map(|id| format!("{id:?}")),
    })
}

/// The region a contact's numbers are read in: their country, else the default.
pub fn contact_region<'a>(contact: &'a Contact, settings: &'a Settings) -> &'a str {
    contact
        .country
        .as_deref()
        .unwrap_or(settings.default_region.as_str())
}

/// The contact's numbers that are filled in, business first (R12, R20).
pub fn contact_numbers(
    contact: &Contact,
    settings: &Settings,
) -> Result<Vec<ContactNumber>, DomainError> {
    let region = contact_region(contact, settings);
    [
        (NumberKind::Business, contact.business_phone.as_deref()),
        (NumberKind::Mobile, contact.mobile_phone.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, raw)| {
        raw.filter(|r| !r.trim().is_empty())
            .map(|r| contact_number(k, r, region))
    })
    .collect()
}

/// The contact's numbers that can be dialled or texted, business first, leaving out any that
/// cannot be read (the rest stay usable).
pub fn usable_contact_numbers(contact: &Contact, settings: &Settings) -> Vec<ContactNumber> {
    let region = contact_region(contact, settings);
    [
        (NumberKind::Business, contact.business_phone.as_deref()),
        (NumberKind::Mobile, contact.mobile_phone.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, raw)| {
        raw.filter(|r| !r.trim().is_empty())
            .and_then(|r| contact_number(k, r, region).ok())
    })
    .collect()
}

/// R12, R13: business number, else mobile, else the dial pad; warn on do-not-phone.
pub fn dial_plan(contact: &Contact, settings: &Settings) -> Result<DialPlan, DomainError> {
    let mut numbers = contact_numbers(contact, settings)?.into_iter();
    let target = match numbers.next() {
        Some(number) => DialTarget::Number { number },
        None => DialTarget::DialPad,
    };
    let mut warnings = Vec::new();
    if contact.do_not_phone {
        warnings.push(ContactWarning::DoNotPhone);
    }
    Ok(DialPlan {
        target,
        fallback: numbers.next(),
        warnings,
    })
}

/// R19, R20: the number to text — business before personal — and the warnings to show.
pub fn text_number(
    contact: &Contact,
    settings: &Settings,
) -> Result<(Option<ContactNumber>, Vec<ContactWarning>), DomainError> {
    let number = contact_numbers(contact, settings)?.into_iter().next();
    let mut warnings = Vec::new();
    if number.is_none() {
        warnings.push(ContactWarning::NoNumberToText);
    }
    if contact.do_not_text {
        warnings.push(ContactWarning::DoNotText);
    }
    Ok((number, warnings))
}

/// Digits a number can be found by in search: international without "+", national (without
/// the trunk prefix), and the digits as written.
///
/// Made from the numbering plan's country codes and trunk prefixes only, without parsing or
/// validating the number: the search index is built for every record of a synced org, and
/// `phonenumber`'s parser keeps a lazy DFA per pattern that grew a 50,000-record sync by
/// 100 MiB. Dialling still parses and validates (`normalise`).
pub fn phone_search_tokens(raw: &str, region: &str) -> Vec<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return vec![];
    }
    let trimmed = raw.trim_start();
    let international = if trimmed.starts_with('+') {
        Some(digits.clone())
    } else if trimmed.starts_with("00") {
        Some(digits[2..].to_string())
    } else {
        None
    };
    let database = &*phonenumber::metadata::DATABASE;
    let mut tokens = match international {
        Some(intl) => {
            // Country codes are prefix-free: at most one of the first 1–3 digits is one.
            let national = (1..=3.min(intl.len()))
                .find(|&n| {
                    intl[..n]
                        .parse::<u16>()
                        .is_ok_and(|cc| database.by_code(&cc).is_some())
                })
                .map(|n| intl[n..].to_string());
            let mut t = vec![intl];
            t.extend(national.filter(|n| !n.is_empty()));
            t
        }
        None => match database.by_id(region.to_ascii_uppercase().as_str()) {
            Some(meta) => {
                let national = meta
                    .national_prefix()
                    .and_then(|p| digits.strip_prefix(p))
                    .filter(|n| !n.is_empty())
                    .unwrap_or(&digits)
                    .to_string();
                vec![
                    format!("{}{national}", meta.country_code()),
                    national,
                    digits,
                ]
            }
            None => vec![digits],
        },
    };
    tokens.dedup();
    tokens
}

#[cfg(test)]
mod tests {
    use super::phone_search_tokens;

    #[test]
    fn an_international_number_is_found_by_both_forms() {
        assert_eq!(
            phone_search_tokens("+30 210 555 0101", "US"),
            ["302105550101", "2105550101"]
        );
        assert_eq!(
            phone_search_tokens("0044 20 7946 0018", "GR"),
            ["442079460018", "2079460018"]
        );
        assert_eq!(
            phone_search_tokens("+1 (425) 555-0100", "GR"),
            ["14255550100", "4255550100"]
        );
    }

    #[test]
    fn a_national_number_is_read_in_the_contacts_region() {
        // Germany dials a trunk "0" that is not part of the international form.
        assert_eq!(
            phone_search_tokens("030 12345678", "DE"),
            ["493012345678", "3012345678", "03012345678"]
        );
        // Greece has no trunk prefix.
        assert_eq!(
            phone_search_tokens("6912345678", "gr"),
            ["306912345678", "6912345678"]
        );
    }

    #[test]
    fn anything_else_is_found_by_its_digits() {
        assert_eq!(phone_search_tokens("555 0101", "XX"), ["5550101"]);
        assert!(phone_search_tokens("ask reception", "GR").is_empty());
    }
}

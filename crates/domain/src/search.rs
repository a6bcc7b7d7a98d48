//! Search (R3): by name, company, email or phone. Text is folded (case and accents removed,
//! so "Παπαδόπουλος" matches "παπαδοπουλος") and split into words; every word the seller
//! typed must be the start of a word of the record, and a query that is only a phone number
//! matches the start of the contact's numbers.

use crate::record::Record;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case, strip accents, and treat the Greek final sigma as sigma.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .collect()
}

/// Folded words of a text: runs of letters and digits.
pub fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    let folded = fold(s);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

/// What the seller typed, as the words that must each start a word of the record.
pub fn query_terms(query: &str) -> Vec<String> {
    let phone_chars: String = query
        .chars()
        .filter(|c| !matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | '/'))
        .collect();
    if phone_chars.len() >= 3 && phone_chars.chars().all(|c| c.is_ascii_digit()) {
        let digits = phone_chars.trim_start_matches("00").to_string();
        return vec![if digits.is_empty() {
            phone_chars
        } else {
            digits
        }];
    }
    words(query).collect()
}

/// Every word a record can be found by: its name, the contact's name, company and email, and
/// each phone number as digits (international and national forms).
pub fn record_tokens(record: &Record, default_region: &str) -> Vec<String> {
    let c = &record.contact;
    let mut tokens: Vec<String> = Vec::new();
    for text in [
        Some(record.name.as_str()),
        Some(c.name.as_str()),
        c.company.as_deref(),
        c.email.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        tokens.extend(words(text));
    }
    for phone in [c.business_phone.as_deref(), c.mobile_phone.as_deref()]
        .into_iter()
        .flatten()
    {
        tokens.extend(crate::dialplan::phone_search_tokens(
            phone,
            c.country.as_deref().unwrap_or(default_region),
        ));
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

/// Whether every term starts some token.
pub fn matches(tokens: &[String], terms: &[String]) -> bool {
    terms
        .iter()
        .all(|t| tokens.iter().any(|tok| tok.starts_with(t.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r3_folding_ignores_case_and_greek_accents() {
        assert_eq!(fold("Παπαδόπουλος"), "παπαδοπουλοσ");
        assert_eq!(fold("ΓΙΏΡΓΟΣ"), "γιωργοσ");
        assert_eq!(fold("Müller"), "muller");
    }

    #[test]
    fn r3_a_phone_query_is_one_digit_term() {
        assert_eq!(query_terms("+30 210 123"), vec!["30210123".to_string()]);
        assert_eq!(query_terms("0030 69"), vec!["3069".to_string()]);
        assert_eq!(query_terms("maria@acme"), vec!["maria", "acme"]);
    }
}

//! The languages Nextline speaks to sellers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Lang {
    #[default]
    En,
    El,
}

impl Lang {
    /// From a locale such as `el_GR.UTF-8` or `en-US`; anything not Greek is English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("el") {
            Lang::El
        } else {
            Lang::En
        }
    }
}

//! Nextline's client for Dynamics 365 Sales, through the Dataverse Web API (OData v4):
//! sign-in with Microsoft Entra ID (device code, refresh), reads page by page with change
//! tracking, the outbox's writes (upserts with client-made ids, `If-Match` updates), and the
//! retry rules (429 `Retry-After`, 5xx with backoff and jitter, one token refresh on 401).
//!
//! The HTTP is in [`client`]; what to send and how to read the answers is pure and tested on
//! the fixtures copied from Microsoft's documentation (`tests/fixtures/`).

pub mod auth;
pub mod batch;
pub mod client;
pub mod error;
pub mod mapping;
pub mod page;
pub mod retry;
pub mod tables;
pub mod write;

pub use client::{Client, Connection, TokenSource};
pub use error::DataverseError;
pub use page::{Page, Row};
pub use tables::Table;

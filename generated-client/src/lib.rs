//! A Rust client for the Cloudflare API token endpoints (and D1 database export).
//!
//! ```no_run
//! # async fn run() -> Result<(), generated_client::Error> {
//! let client = generated_client::Client::from_env()?;
//! let verified = client.user().tokens().verify().await?;
//! println!("token {} is {:?}", verified.id, verified.status);
//! # Ok(())
//! # }
//! ```
//!
//! Everything under `generated` is produced from `specs/` by `cargo xtask regen`
//! and must not be edited by hand; [`runtime`] is the small hand-written
//! support code it builds on. Operations are listed in `src/generated/api.md`.

pub mod runtime;

#[rustfmt::skip]
mod generated;
pub use generated::{client::*, resources, types};
pub use runtime::{
    Call, Client, ClientBuilder, Error, Event, EventCall, EventStream, Middleware, Nullable, Page, PageCursor,
    RequestOptions, Response, Result,
};

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

//! A Rust client for the Cloudflare API token endpoints.
//!
//! Everything under `generated` is produced from `specs/` by `cargo xtask regen`
//! and must not be edited by hand; `runtime` is the small hand-written support
//! code it builds on.

pub mod runtime;

mod generated;
pub use generated::*;

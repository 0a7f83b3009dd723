//! Compiles the code generated for each focused spec in `specs/` (see
//! `build.rs`), with warnings denied, and runs the spec examples it contains.
//! The insta snapshots in `tests/snapshots.rs` show the same code for review.

pub mod custom_types;
pub mod support;

#[deny(warnings)]
pub mod focused {
    include!(concat!(env!("OUT_DIR"), "/focused.rs"));
}

#[cfg(test)]
mod bodies_e2e;

#[cfg(test)]
mod body_media_e2e;

#[cfg(test)]
mod cookies_e2e;

#[cfg(test)]
mod responses_e2e;

#[cfg(test)]
mod names_e2e;

#[cfg(test)]
mod nullable_e2e;

#[cfg(test)]
mod pagination_e2e;

#[cfg(test)]
mod loopback;

#[cfg(test)]
mod streams_e2e;

#[cfg(test)]
mod unions_e2e;

#[cfg(test)]
mod uploads_e2e;

#[cfg(test)]
mod webhooks_e2e;

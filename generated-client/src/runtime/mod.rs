//! The hand-written runtime the generated code builds on. Small on purpose:
//! every user of the client compiles it. The generated methods only describe
//! requests; sending, retrying, authenticating and decoding all live here, once.

mod auth;
mod client;
mod envelope;
mod error;
mod nullable;
mod pagination;
mod request;
mod response;
mod retry;
#[doc(hidden)]
pub mod untagged;

pub use auth::{Placement, Secret};
pub use client::{Client, ClientBuilder, RequestOptions};
pub use envelope::{ApiMessage, ResultInfo};
pub use error::Error;
pub use nullable::Nullable;
pub use pagination::Page;
pub use request::{path_segment, Body, QueryStyle, Request, Security};
pub use response::Response;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// HTTP methods and byte buffers, re-exported so generated code needs no direct `reqwest`/`bytes` import.
pub use bytes::Bytes;
pub use reqwest::Method;

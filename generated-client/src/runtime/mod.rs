//! The hand-written runtime the generated code builds on. Small on purpose:
//! every user of the client compiles it. The generated methods only describe
//! requests; sending, retrying, authenticating and decoding all live here, once.

mod auth;
mod call;
mod client;
mod dates;
pub mod decode;
mod envelope;
mod error;
mod events;
mod files;
mod json_path;
mod lenient;
mod lenient_read;
mod links;
mod media;
mod middleware;
#[doc(hidden)]
pub mod model;
mod nullable;
mod options;
mod page_body;
mod pagination;
mod request;
mod response;
mod retry;
#[doc(hidden)]
pub mod round_trip;
mod server;
#[doc(hidden)]
pub mod unions;
pub mod webhooks;

pub use auth::{BasicHalf, Placement, Secret};
pub use call::{ByteStream, Call};
pub use client::{Client, ClientBuilder};
pub use dates::{Date, DateError, DateTime};
pub use decode::{FromResponse, RawResponse};
pub use envelope::{ApiMessage, ResultInfo};
pub use error::{Error, ErrorBody};
pub use events::{Event, EventCall, EventStream, Framing};
pub use files::{File, FileStream};
pub use lenient::{Deviation, DeviationKind};
pub use middleware::{Decoded, Exchange, Middleware};
pub use nullable::Nullable;
pub use options::RequestOptions;
pub use pagination::{JsonPath, NextPage, Page, PageCursor, PageField, PageInput, PageItems, PageStop, Paging};
pub use request::{Body, Part, PartContent, QueryStyle, Request, Security, path};
pub use response::Response;
pub use server::{Server, ServerVariable};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// HTTP types and byte buffers, re-exported so users and generated code need no direct `reqwest`/`bytes` import.
pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, Request as HttpRequest, Url};

//! The hand-written runtime the generated code builds on. Small on purpose:
//! every user of the client compiles it.

mod nullable;

pub use nullable::Nullable;

//! A user's own types, which `tests/specs/configs/` map schemas and formats to.

use serde::{Deserialize, Serialize};

/// An amount and its currency (`12.50 EUR`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub String);

/// An identifier (`format: uuid`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

/// A calendar day (`format: date`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub String);

//! A decoded value together with the HTTP response it came from.

use reqwest::header::HeaderMap;

use crate::runtime::Deviation;

/// What [`Call::with_response`](crate::runtime::Call::with_response) returns: the value plus status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    value: T,
    deviations: Vec<Deviation>,
}

impl<T> Response<T> {
    pub(crate) fn new(status: u16, headers: HeaderMap, value: T) -> Self {
        Response { status, headers, value, deviations: Vec::new() }
    }

    pub(crate) fn with_deviations(mut self, deviations: Vec<Deviation>) -> Self {
        self.deviations = deviations;
        self
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn value(&self) -> &T {
        &self.value
    }

    /// Where the body deviated from the spec and how it was read anyway (empty when it conformed,
    /// and always with [`ClientBuilder::strict_decoding`](crate::runtime::ClientBuilder::strict_decoding)).
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, value: f(self.value), deviations: self.deviations }
    }
}

impl<T> Response<Option<T>> {
    /// `Some` response when the value is there.
    pub fn transpose(self) -> Option<Response<T>> {
        let Response { status, headers, value, deviations } = self;
        value.map(|value| Response { status, headers, value, deviations })
    }
}

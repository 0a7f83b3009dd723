//! Pages of list results, and a stream over every item of every page.

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::runtime::{Call, Client, Error, Request, ResultInfo, decode};

/// One page of a list operation. [`Page::next_page`] fetches the following
/// page; [`Page::into_stream`] yields every item of this and all later pages.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub result_info: Option<ResultInfo>,
    client: Client,
    request: Request,
}

impl<T: DeserializeOwned> Page<T> {
    pub(crate) fn new(client: Client, request: Request, items: Vec<T>, result_info: Option<ResultInfo>) -> Self {
        Page { items, result_info, client, request }
    }

    /// The request for the next page, if there is one: by cursor when the API
    /// gives one, else by page number while pages remain.
    fn next_request(&self) -> Option<Request> {
        let info = self.result_info.as_ref()?;
        if let Some(cursor) = info.next_cursor() {
            return Some(self.request.clone().set_query("cursor", cursor.to_string()));
        }
        if self.items.is_empty() {
            return None;
        }
        let current =
            info.page.or_else(|| self.request.query_value("page").and_then(|p| p.parse().ok())).unwrap_or(1.0);
        let more = match (info.total_pages, info.total_count, info.per_page) {
            (Some(total_pages), _, _) => current < total_pages,
            (None, Some(total), Some(per_page)) => current * per_page < total,
            (None, _, Some(per_page)) => self.items.len() as f64 >= per_page,
            _ => false,
        };
        more.then(|| self.request.clone().set_query("page", format!("{}", current as u64 + 1)))
    }

    pub fn has_next_page(&self) -> bool {
        self.next_request().is_some()
    }

    pub async fn next_page(&self) -> Result<Option<Page<T>>, Error> {
        match self.next_request() {
            Some(request) => fetch(&self.client, request).await.map(Some),
            None => Ok(None),
        }
    }

    /// Every item of this page and the pages after it, fetched as the stream is read.
    /// The stream ends after the last page, or after yielding an error.
    pub fn into_stream(self) -> impl Stream<Item = Result<T, Error>> {
        let next = self.next_request();
        let state = (self.items.into_iter(), next, self.client);
        futures_util::stream::unfold(state, |(mut items, mut next, client)| async move {
            loop {
                if let Some(item) = items.next() {
                    return Some((Ok(item), (items, next, client)));
                }
                let request = next.take()?;
                match fetch::<T>(&client, request).await {
                    Ok(page) => {
                        next = page.next_request();
                        items = page.items.into_iter();
                    }
                    Err(error) => return Some((Err(error), (items, None, client))),
                }
            }
        })
    }
}

async fn fetch<T: DeserializeOwned>(client: &Client, request: Request) -> Result<Page<T>, Error> {
    Ok(Call::new(client, request, decode::page::<T>).with_response().await?.into_inner())
}

//! End-to-end tests of the runtime's pagination, one scheme at a time, against a loopback
//! `wiremock` server, with calls built by hand as generated code builds them
//! (`Request::paging(&PAGING)` and `decode::page`).
//!
//! Each scheme serves three pages (2 + 2 + 1 items) keyed on what the request carries, and is
//! checked the same way: the stream yields all five items in order once; each request carried
//! exactly the expected query and body; `has_next_page` along `next_page`; `resume` from the first
//! page's saved cursor starts at page 2; a per-call header reaches every page; an error on page 2
//! ends the stream after yielding it. Then the guards: a repeated cursor, a server ignoring the page
//! number, a next URL on another host, an empty first page.

use futures_util::{StreamExt, TryStreamExt};
use generated_client::runtime::{
    Call, Client, ClientBuilder, Method, NextPage, Page, PageCursor, PageField, PageInput, PageItems, PageStop, Paging,
    Placement, Request, Server, decode,
};
use generated_client::{Error, RequestOptions};
use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Item {
    id: String,
    name: String,
}

/// The items of the three pages.
const PAGES: [&[u32]; 3] = [&[1, 2], &[3, 4], &[5]];

fn items(page: usize) -> Value {
    let ids = PAGES.get(page - 1).copied().unwrap_or_default();
    ids.iter().map(|id| json!({"id": format!("i{id}"), "name": format!("item {id}")})).collect()
}

fn ids(items: &[Item]) -> Vec<&str> {
    items.iter().map(|item| item.id.as_str()).collect()
}

/// Page `page`'s answer: `ok`, or a 400 when this is the page that fails.
fn answer(page: usize, fail: Option<usize>, ok: ResponseTemplate) -> ResponseTemplate {
    if fail == Some(page) { ResponseTemplate::new(400).set_body_json(json!({"message": "bad page"})) } else { ok }
}

fn json_page(page: usize, fail: Option<usize>, mock: MockBuilder, body: Value) -> Mock {
    mock.respond_with(answer(page, fail, ResponseTemplate::new(200).set_body_json(body)))
}

fn client_for(server: &MockServer) -> Client {
    ClientBuilder::new(&server.uri(), "pagination-tests").max_retries(0).build().expect("a client")
}

fn get_items(client: &Client, paging: &'static Paging) -> Call<Page<Item>> {
    Call::new(client, Request::new(Method::GET, "/items".into()).query("limit", &2).paging(paging), decode::page)
}

/// What each request carried: its raw query and its JSON body.
async fn sent(server: &MockServer) -> Vec<(String, Option<Value>)> {
    let requests = server.received_requests().await.expect("requests are recorded");
    requests
        .iter()
        .map(|request| {
            let body = (!request.body.is_empty()).then(|| serde_json::from_slice(&request.body).expect("a JSON body"));
            (request.url.query().unwrap_or("").to_string(), body)
        })
        .collect()
}

/// One pagination scheme: the call, the pages the server serves, and what each request must carry.
struct Case {
    call: fn(&Client) -> Call<Page<Item>>,
    /// The pages, for the server at this URI; the page numbered `fail` answers 400.
    mocks: fn(&str, Option<usize>) -> Vec<Mock>,
    /// Each request's query and JSON body, in order (a fourth, empty page for schemes that learn
    /// of the end only from it).
    sent: &'static [(&'static str, Option<&'static str>)],
}

impl Case {
    async fn serve(&self, fail: Option<usize>) -> MockServer {
        let server = MockServer::start().await;
        for mock in (self.mocks)(&server.uri(), fail) {
            server.register(mock).await;
        }
        server
    }

    fn expected(&self, range: std::ops::Range<usize>) -> Vec<(String, Option<Value>)> {
        self.sent[range]
            .iter()
            .map(|(query, body)| (query.to_string(), body.map(|b| serde_json::from_str(b).expect("JSON"))))
            .collect()
    }

    async fn check(self) -> Result<(), Error> {
        // The stream yields every item once, in order, each page asked for as expected.
        let server = self.serve(None).await;
        let client = client_for(&server);
        let first = (self.call)(&client).await?;
        let all: Vec<Item> = first.into_stream().try_collect().await?;
        assert_eq!(ids(&all), ["i1", "i2", "i3", "i4", "i5"]);
        assert_eq!(all[4].name, "item 5");
        assert_eq!(sent(&server).await, self.expected(0..self.sent.len()));

        // `next_page` walks the same pages; only the last has no next page.
        let server = self.serve(None).await;
        let client = client_for(&server);
        let mut page = (self.call)(&client).await?;
        let first_cursor = page.cursor().expect("the first page knows where the second starts");
        let mut counts = vec![page.items().len()];
        for index in 1..self.sent.len() {
            assert!(page.has_next_page(), "page {index} has a next page");
            page = page.next_page().await?.expect("a next page");
            counts.push(page.items().len());
        }
        assert!(!page.has_next_page(), "the last page has no next page");
        assert_eq!(page.cursor(), None);
        assert!(page.next_page().await?.is_none());
        assert_eq!(&counts[..3], [2, 2, 1]);
        assert_eq!(counts.len(), self.sent.len());
        assert!(counts[3..].iter().all(|&count| count == 0), "a fourth page is the empty one");
        assert_eq!(sent(&server).await, self.expected(0..self.sent.len()));

        // `into_pages` yields the same pages, this one first.
        let pages_server = self.serve(None).await;
        let pages: Vec<Page<Item>> = (self.call)(&client_for(&pages_server)).await?.into_pages().try_collect().await?;
        let pages: Vec<Vec<&str>> = pages.iter().map(|page| ids(page.items())).collect();
        assert_eq!(pages[..3], [vec!["i1", "i2"], vec!["i3", "i4"], vec!["i5"]]);
        assert_eq!(sent(&pages_server).await, self.expected(0..self.sent.len()));

        // A saved cursor, through its text, resumes the list at page 2 (on the same server: a next
        // URL is only followed on the origin the list was asked from).
        let cursor: PageCursor = first_cursor.to_string().parse()?;
        assert_eq!(cursor, first_cursor);
        let resumed = (self.call)(&client).resume(&cursor).await?;
        assert_eq!(ids(resumed.items()), ["i3", "i4"]);
        let requests = sent(&server).await;
        assert_eq!(requests[self.sent.len()..], self.expected(1..2));

        // Per-call options apply to every page.
        let server = self.serve(None).await;
        let client = client_for(&server);
        let options = RequestOptions::new().header("x-trace", "walk-1");
        let all: Vec<Item> = (self.call)(&client).options(options).await?.into_stream().try_collect().await?;
        assert_eq!(all.len(), 5);
        let requests = server.received_requests().await.expect("recorded");
        assert_eq!(requests.len(), self.sent.len());
        for request in requests {
            assert_eq!(request.headers.get("x-trace").and_then(|v| v.to_str().ok()), Some("walk-1"), "{}", request.url);
        }

        // An error on page 2 ends the stream after yielding it.
        let server = self.serve(Some(2)).await;
        let client = client_for(&server);
        let results: Vec<Result<Item, Error>> = (self.call)(&client).await?.into_stream().collect().await;
        assert_eq!(results.len(), 3, "{results:?}");
        assert!(results[..2].iter().all(Result::is_ok));
        assert!(matches!(results[2], Err(Error::Api { status: 400, .. })), "{results:?}");
        assert_eq!(sent(&server).await.len(), 2);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// One test per scheme

#[tokio::test]
async fn cloudflare_envelopes_without_a_scheme() -> Result<(), Error> {
    fn call(client: &Client) -> Call<Page<Item>> {
        Call::new(client, Request::new(Method::GET, "/items".into()).query("per_page", &2), decode::page)
    }
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        (1..=3)
            .map(|page| {
                let mock = Mock::given(method("GET")).and(path("/items"));
                let mock =
                    if page == 1 { mock.and(query_param_is_missing("page")) } else { mock.and(query_param("page", page.to_string())) };
                let info = json!({"page": page, "per_page": 2, "count": PAGES[page - 1].len(), "total_count": 5, "total_pages": 3});
                let body = json!({"success": true, "errors": [], "messages": [], "result": items(page), "result_info": info});
                json_page(page, fail, mock, body)
            })
            .collect()
    }
    Case { call, mocks, sent: &[("per_page=2", None), ("per_page=2&page=2", None), ("per_page=2&page=3", None)] }
        .check()
        .await
}

/// Cursor pages keyed on query `name` (missing on page 1, then `values[0]`, `values[1]`).
fn keyed(page: usize, name: &'static str, values: [&'static str; 2]) -> MockBuilder {
    let mock = Mock::given(method("GET")).and(path("/items"));
    if page == 1 { mock.and(query_param_is_missing(name)) } else { mock.and(query_param(name, values[page - 2])) }
}

#[tokio::test]
async fn a_cursor_in_the_body_sent_as_a_query_parameter() -> Result<(), Error> {
    static PAGING: Paging = Paging {
        items: PageItems::At(&["data"]),
        next: NextPage::Cursor { field: PageField::Body(&["meta", "next_cursor"]), input: PageInput::Query("cursor") },
        keep_only: &[],
    };
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        let next = [json!("c2"), json!("c3"), Value::Null];
        (1..=3)
            .map(|page| {
                let body = json!({"data": items(page), "meta": {"next_cursor": next[page - 1]}});
                json_page(page, fail, keyed(page, "cursor", ["c2", "c3"]), body)
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&cursor=c2", None), ("limit=2&cursor=c3", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn a_cursor_in_a_header_with_a_top_level_array() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&[]),
        next: NextPage::Cursor { field: PageField::Header("X-After-Cursor"), input: PageInput::Query("after_cursor") },
        keep_only: &[],
    };
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        (1..=3)
            .map(|page| {
                let mut ok = ResponseTemplate::new(200).set_body_json(items(page));
                if page < 3 {
                    ok = ok.insert_header("x-after-cursor", ["a2", "a3"][page - 1]);
                }
                keyed(page, "after_cursor", ["a2", "a3"]).respond_with(answer(page, fail, ok))
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&after_cursor=a2", None), ("limit=2&after_cursor=a3", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn a_cursor_sent_back_in_a_post_body() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["results"]),
        next: NextPage::Cursor {
            field: PageField::Body(&["pagination", "next_token"]),
            input: PageInput::Body(&["pagination", "token"]),
        },
        keep_only: &[],
    };
    fn call(client: &Client) -> Call<Page<Item>> {
        let request = Request::new(Method::POST, "/search".into())
            .json(&json!({"query": "x", "pagination": {"limit": 2}}))
            .paging(&PAGING);
        Call::new(client, request, decode::page)
    }
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        // A string token, then a number one (sent back as a number), then "" for the end.
        let sent = [json!(null), json!("t2"), json!(3)];
        let next = [json!("t2"), json!(3), json!("")];
        (1..=3)
            .map(|page| {
                let mut pagination = json!({"limit": 2});
                if page > 1 {
                    pagination["token"] = sent[page - 1].clone();
                }
                let mock = Mock::given(method("POST"))
                    .and(path("/search"))
                    .and(body_json(json!({"query": "x", "pagination": pagination})));
                json_page(
                    page,
                    fail,
                    mock,
                    json!({"results": items(page), "pagination": {"next_token": next[page - 1]}}),
                )
            })
            .collect()
    }
    Case {
        call,
        mocks,
        sent: &[
            ("", Some(r#"{"query": "x", "pagination": {"limit": 2}}"#)),
            ("", Some(r#"{"query": "x", "pagination": {"limit": 2, "token": "t2"}}"#)),
            ("", Some(r#"{"query": "x", "pagination": {"limit": 2, "token": 3}}"#)),
        ],
    }
    .check()
    .await
}

#[tokio::test]
async fn the_last_items_id_while_has_more() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["data"]),
        next: NextPage::LastId { input: PageInput::Query("starting_after"), has_more: Some(&["has_more"]) },
        keep_only: &[],
    };
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        (1..=3)
            .map(|page| {
                let body = json!({"object": "list", "data": items(page), "has_more": page < 3});
                json_page(page, fail, keyed(page, "starting_after", ["i2", "i4"]), body)
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&starting_after=i2", None), ("limit=2&starting_after=i4", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn an_absolute_next_url_in_the_body() -> Result<(), Error> {
    const PAGING: Paging =
        Paging { items: PageItems::At(&["data"]), next: NextPage::Url { field: &["links", "next"] }, keep_only: &[] };
    fn mocks(uri: &str, fail: Option<usize>) -> Vec<Mock> {
        let next =
            [json!(format!("{uri}/items?limit=2&page=2")), json!(format!("{uri}/items?limit=2&page=3")), Value::Null];
        (1..=3)
            .map(|page| {
                let body = json!({"data": items(page), "links": {"next": next[page - 1]}});
                json_page(page, fail, keyed(page, "page", ["2", "3"]), body)
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&page=2", None), ("limit=2&page=3", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn a_host_relative_and_a_relative_next_uri() -> Result<(), Error> {
    const PAGING: Paging =
        Paging { items: PageItems::At(&["calls"]), next: NextPage::Url { field: &["next_page_uri"] }, keep_only: &[] };
    const CALLS: &str = "/2010-04-01/Accounts/AC1/Calls.json";
    fn call(client: &Client) -> Call<Page<Item>> {
        Call::new(client, Request::new(Method::GET, CALLS.into()).query("PageSize", &2).paging(&PAGING), decode::page)
    }
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        let next = [
            json!(format!("{CALLS}?PageSize=2&Page=1&PageToken=PA2")),
            json!("Calls.json?PageSize=2&Page=2&PageToken=PA3"),
            Value::Null,
        ];
        (1..=3)
            .map(|page| {
                let mock = Mock::given(method("GET")).and(path(CALLS));
                let mock = if page == 1 {
                    mock.and(query_param_is_missing("PageToken"))
                } else {
                    mock.and(query_param("PageToken", ["PA2", "PA3"][page - 2]))
                };
                json_page(
                    page,
                    fail,
                    mock,
                    json!({"calls": items(page), "page": page - 1, "next_page_uri": next[page - 1]}),
                )
            })
            .collect()
    }
    Case {
        call,
        mocks,
        sent: &[
            ("PageSize=2", None),
            ("PageSize=2&Page=1&PageToken=PA2", None),
            ("PageSize=2&Page=2&PageToken=PA3", None),
        ],
    }
    .check()
    .await
}

const LINKED: Paging = Paging { items: PageItems::At(&[]), next: NextPage::Link, keep_only: &[] };

#[tokio::test]
async fn github_link_headers() -> Result<(), Error> {
    fn mocks(uri: &str, fail: Option<usize>) -> Vec<Mock> {
        let at = |page: u32| format!("<{uri}/items?limit=2&page={page}>");
        let links = [
            format!(r#"{}; rel="next", {}; rel="last""#, at(2), at(3)),
            format!(r#"{}; rel="prev", {}; rel="next", {}; rel="last", {}; rel="first""#, at(1), at(3), at(3), at(1)),
            format!(r#"{}; rel="prev", {}; rel="first""#, at(2), at(1)),
        ];
        (1..=3)
            .map(|page| {
                let ok = ResponseTemplate::new(200)
                    .set_body_json(items(page))
                    .insert_header("link", links[page - 1].as_str());
                keyed(page, "page", ["2", "3"]).respond_with(answer(page, fail, ok))
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &LINKED),
        mocks,
        sent: &[("limit=2", None), ("limit=2&page=2", None), ("limit=2&page=3", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn sentry_link_headers_end_at_results_false() -> Result<(), Error> {
    fn mocks(uri: &str, fail: Option<usize>) -> Vec<Mock> {
        let link = |cursor: &str, results: bool| {
            format!(
                r#"<{uri}/items?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <{uri}/items?&cursor={cursor}>; rel="next"; results="{results}"; cursor="{cursor}""#
            )
        };
        let links = [link("100:1:0", true), link("100:2:0", true), link("100:3:0", false)];
        (1..=3)
            .map(|page| {
                let ok = ResponseTemplate::new(200)
                    .set_body_json(items(page))
                    .insert_header("link", links[page - 1].as_str());
                keyed(page, "cursor", ["100:1:0", "100:2:0"]).respond_with(answer(page, fail, ok))
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &LINKED),
        mocks,
        sent: &[("limit=2", None), ("limit=2&cursor=100%3A1%3A0", None), ("limit=2&cursor=100%3A2%3A0", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn page_numbers_up_to_total_pages() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["items"]),
        next: NextPage::PageNumber {
            input: PageInput::Query("page"),
            start: 1,
            stop: PageStop { total_items: None, total_pages: Some(&["meta", "total_pages"]), has_more: None },
        },
        keep_only: &[],
    };
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        (1..=3)
            .map(|page| {
                let body = json!({"items": items(page), "meta": {"page": page, "total_pages": 3}});
                json_page(page, fail, keyed(page, "page", ["2", "3"]), body)
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&page=2", None), ("limit=2&page=3", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn page_numbers_without_a_stop_field_end_at_an_empty_page() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["items"]),
        next: NextPage::PageNumber {
            input: PageInput::Query("page"),
            start: 0,
            stop: PageStop { total_items: None, total_pages: None, has_more: None },
        },
        keep_only: &[],
    };
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        (1..=4)
            .map(|page| {
                let mock = Mock::given(method("GET")).and(path("/items"));
                let mock = if page == 1 {
                    mock.and(query_param_is_missing("page"))
                } else {
                    mock.and(query_param("page", (page - 1).to_string()))
                };
                json_page(page, fail, mock, json!({"items": items(page)}))
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&page=1", None), ("limit=2&page=2", None), ("limit=2&page=3", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn offsets_up_to_total_items() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["results"]),
        next: NextPage::Offset {
            input: PageInput::Query("offset"),
            stop: PageStop { total_items: Some(&["count"]), total_pages: None, has_more: None },
        },
        keep_only: &[],
    };
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        (1..=3)
            .map(|page| {
                json_page(page, fail, keyed(page, "offset", ["2", "4"]), json!({"count": 5, "results": items(page)}))
            })
            .collect()
    }
    Case {
        call: |client| get_items(client, &PAGING),
        mocks,
        sent: &[("limit=2", None), ("limit=2&offset=2", None), ("limit=2&offset=4", None)],
    }
    .check()
    .await
}

#[tokio::test]
async fn a_page_token_keeps_only_some_query_parameters() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["items"]),
        next: NextPage::Cursor { field: PageField::Body(&["next_page"]), input: PageInput::Query("page_token") },
        keep_only: &["page_token", "limit"],
    };
    fn call(client: &Client) -> Call<Page<Item>> {
        let request = Request::new(Method::GET, "/items".into())
            .query("sort_by", &"name_ascending")
            .query("limit", &2)
            .paging(&PAGING);
        Call::new(client, request, decode::page)
    }
    fn mocks(_: &str, fail: Option<usize>) -> Vec<Mock> {
        let next = [json!("p2"), json!("p3"), Value::Null];
        (1..=3)
            .map(|page| {
                let body = json!({"items": items(page), "next_page": next[page - 1]});
                json_page(page, fail, keyed(page, "page_token", ["p2", "p3"]), body)
            })
            .collect()
    }
    Case {
        call,
        mocks,
        sent: &[
            ("sort_by=name_ascending&limit=2", None),
            ("limit=2&page_token=p2", None),
            ("limit=2&page_token=p3", None),
        ],
    }
    .check()
    .await
}

// ---------------------------------------------------------------------------
// Guards

static BODY_CURSOR: Paging = Paging {
    items: PageItems::At(&["data"]),
    next: NextPage::Cursor { field: PageField::Body(&["next"]), input: PageInput::Query("cursor") },
    keep_only: &[],
};

fn pagination_error<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Pagination { message }) => message,
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_repeated_cursor_is_an_error_not_a_loop() -> Result<(), Error> {
    let server = MockServer::start().await;
    // Page 2 gives page 1's cursor again.
    for (page, next) in [(1, "c2"), (2, "c2")] {
        json_page(page, None, keyed(page, "cursor", ["c2", "c3"]), json!({"data": items(page), "next": next}))
            .mount(&server)
            .await;
    }
    let client = client_for(&server);
    let results: Vec<Result<Item, Error>> = get_items(&client, &BODY_CURSOR).await?.into_stream().collect().await;
    assert_eq!(results.len(), 5);
    let message = pagination_error(results.into_iter().nth(4).expect("an error"));
    assert!(message.contains("page 2") && message.contains("page 1"), "{message}");

    let second = get_items(&client, &BODY_CURSOR).await?.next_page().await?.expect("page 2");
    assert!(second.has_next_page());
    assert!(pagination_error(second.next_page().await).contains("page 2"));
    assert_eq!(sent(&server).await.len(), 4, "no request for the repeated cursor");
    Ok(())
}

#[tokio::test]
async fn a_server_ignoring_the_page_number_is_an_error_not_a_loop() -> Result<(), Error> {
    const PAGING: Paging = Paging {
        items: PageItems::At(&["items"]),
        next: NextPage::PageNumber {
            input: PageInput::Query("page"),
            start: 1,
            stop: PageStop { total_items: None, total_pages: None, has_more: None },
        },
        keep_only: &[],
    };
    let server = MockServer::start().await;
    json_page(1, None, Mock::given(any()), json!({"items": items(1)})).mount(&server).await;
    let client = client_for(&server);
    let results: Vec<Result<Item, Error>> = get_items(&client, &PAGING).await?.into_stream().collect().await;
    assert_eq!(results.len(), 3);
    let message = pagination_error(results.into_iter().nth(2).expect("an error"));
    assert!(message.contains("page 2 is page 1 again") && message.contains("`page`"), "{message}");
    assert_eq!(
        sent(&server).await.iter().map(|(query, _)| query.as_str()).collect::<Vec<_>>(),
        ["limit=2", "limit=2&page=2"]
    );
    Ok(())
}

#[tokio::test]
async fn a_next_url_on_another_host_is_not_followed() -> Result<(), Error> {
    const URL: Paging =
        Paging { items: PageItems::At(&["data"]), next: NextPage::Url { field: &["next"] }, keep_only: &[] };
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(0)
        .mount(&other)
        .await;
    let elsewhere = format!("{}/items?page=2", other.uri());
    let in_body = ResponseTemplate::new(200).set_body_json(json!({"data": items(1), "next": elsewhere}));
    let in_link = ResponseTemplate::new(200)
        .set_body_json(items(1))
        .insert_header("link", format!(r#"<{elsewhere}>; rel="next""#).as_str());

    for (paging, first_page) in [(&URL, in_body), (&LINKED, in_link)] {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(first_page).mount(&server).await;
        let client = client_for(&server);
        let first = get_items(&client, paging).await?;
        assert!(first.has_next_page(), "the server names a next page");
        assert_eq!(first.cursor(), None, "which cannot be resumed from");
        assert!(pagination_error(first.next_page().await).contains("not followed"));
        let results: Vec<Result<Item, Error>> = get_items(&client, paging).await?.into_stream().collect().await;
        assert_eq!(results.len(), 3);
        assert!(pagination_error(results.into_iter().nth(2).expect("an error")).contains("another host"));
        assert_eq!(sent(&server).await.len(), 2);
    }
    // A crafted cursor for another host fails the call before it is sent.
    let server = MockServer::start().await;
    let cursor: PageCursor = format!("url:{elsewhere}").parse()?;
    let resumed = get_items(&client_for(&server), &URL).resume(&cursor).await;
    assert!(matches!(&resumed, Err(Error::Request(reason)) if reason.contains("not followed")), "{resumed:?}");
    assert!(sent(&server).await.is_empty());
    assert!(other.received_requests().await.expect("recorded").is_empty());
    Ok(())
}

#[tokio::test]
async fn an_empty_first_page_has_no_next_page() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [], "next": "c2"})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let first = get_items(&client, &BODY_CURSOR).await?;
    assert!(first.items().is_empty());
    assert!(!first.has_next_page());
    assert!(first.next_page().await?.is_none());
    let all: Vec<Item> = get_items(&client, &BODY_CURSOR).await?.into_stream().try_collect().await?;
    assert!(all.is_empty());
    assert_eq!(sent(&server).await.len(), 2, "one request per call");
    Ok(())
}

#[tokio::test]
async fn a_page_reaches_its_whole_response() -> Result<(), Error> {
    let server = MockServer::start().await;
    json_page(1, None, Mock::given(any()), json!({"data": items(1), "next": null, "total": 5})).mount(&server).await;
    let first = get_items(&client_for(&server), &BODY_CURSOR).await?;
    assert_eq!(first.raw().status(), 200);
    assert_eq!(first.raw().json::<Value>()?["total"], 5);
    assert_eq!((&first).into_iter().map(|item| item.id.as_str()).collect::<Vec<_>>(), ["i1", "i2"]);
    assert_eq!(ids(&first.into_items()), ["i1", "i2"]);
    Ok(())
}

#[tokio::test]
async fn a_query_credential_goes_once_to_every_page() -> Result<(), Error> {
    const PAGING: Paging =
        Paging { items: PageItems::At(&["data"]), next: NextPage::Url { field: &["next"] }, keep_only: &[] };
    let server = MockServer::start().await;
    // The API echoes the key in its next link, as some do.
    let next = format!("{}/items?limit=2&page=2&api_key=s3cret", server.uri());
    json_page(1, None, keyed(1, "page", ["2", "3"]), json!({"data": items(1), "next": next})).mount(&server).await;
    json_page(2, None, keyed(2, "page", ["2", "3"]), json!({"data": items(2), "next": null})).mount(&server).await;
    let client = ClientBuilder::new(&server.uri(), "pagination-tests")
        .credential("key", Placement::Query("api_key"), "s3cret")
        .build()?;
    let request = Request::new(Method::GET, "/items".into()).query("limit", &2).security(&[&["key"]]).paging(&PAGING);
    let all: Vec<Item> = Call::new(&client, request, decode::page).await?.into_stream().try_collect().await?;
    assert_eq!(all.len(), 4);
    let queries: Vec<String> = sent(&server).await.into_iter().map(|(query, _)| query).collect();
    assert_eq!(queries, ["limit=2&api_key=s3cret", "limit=2&page=2&api_key=s3cret"]);
    Ok(())
}

#[tokio::test]
async fn next_urls_resolve_against_the_operations_own_server() -> Result<(), Error> {
    let base = MockServer::start().await;
    let uploads = MockServer::start().await;
    let at = |page: usize| keyed_at("/v2/items", page);
    let ok = |page: usize, link: Option<&str>| {
        let template = ResponseTemplate::new(200).set_body_json(items(page));
        match link {
            Some(link) => template.insert_header("link", link),
            None => template,
        }
    };
    // A relative next link: against the operation's server and path, not the client's base URL.
    at(1).respond_with(ok(1, Some(r#"<items?limit=2&page=2>; rel="next""#))).mount(&uploads).await;
    at(2).respond_with(ok(2, None)).mount(&uploads).await;
    let client = ClientBuilder::new(&base.uri(), "pagination-tests").max_retries(0).build()?;
    let server = Server { url: Box::leak(format!("{}/v2", uploads.uri()).into_boxed_str()), variables: &[] };
    let request = Request::new(Method::GET, "/items".into()).query("limit", &2).server(server).paging(&LINKED);
    let all: Vec<Item> = Call::new(&client, request, decode::page).await?.into_stream().try_collect().await?;
    assert_eq!(all.len(), 4);
    let queries: Vec<String> = sent(&uploads).await.into_iter().map(|(query, _)| query).collect();
    assert_eq!(queries, ["limit=2", "limit=2&page=2"]);
    assert!(sent(&base).await.is_empty());
    Ok(())
}

fn keyed_at(route: &'static str, page: usize) -> MockBuilder {
    let mock = Mock::given(method("GET")).and(path(route));
    if page == 1 { mock.and(query_param_is_missing("page")) } else { mock.and(query_param("page", page.to_string())) }
}

//! Every pagination scheme the generator recognises, through the generated methods of the
//! `pagination_*` focused specs, against a local HTTP server serving three pages (2 + 2 + 1
//! items) keyed on the request: the stream yields every item once, in order, and stops; each
//! request carries what the scheme says.

use crate::focused::{pagination_cursors as cursors, pagination_declared as declared};
use crate::focused::{pagination_links as links, pagination_numbers as numbers};
use futures_util::TryStreamExt;
use generated_client::{Client, Page, RequestOptions};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The five items, served two to a page.
const IDS: [&str; 5] = ["a", "b", "c", "d", "e"];

fn items(page: usize) -> Value {
    let ids = &IDS[(page * 2).min(5)..(page * 2 + 2).min(5)];
    ids.iter().map(|id| json!({"id": id, "name": id.to_uppercase()})).collect()
}

fn query(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// A server answering every request with `respond(request)`.
async fn serve(respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(respond).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    (server, client)
}

async fn serve_posts(respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(respond).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    (server, client)
}

async fn ids<T: serde::de::DeserializeOwned + Send + 'static>(page: Page<T>, id: fn(&T) -> &str) -> Vec<String> {
    page.into_stream().map_ok(|item| id(&item).to_string()).try_collect().await.expect("every page")
}

/// Each request's query, as sent.
async fn queries(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.expect("recorded");
    received.iter().map(|r| r.url.query().unwrap_or_default().to_string()).collect()
}

fn cursor_item(item: &cursors::types::Item) -> &str {
    &item.id
}

/// `/events`: `meta.next_cursor` names the next page, sent back as `cursor`.
fn events_page(request: &Request) -> ResponseTemplate {
    let page = match query(request, "cursor").as_deref() {
        None => 0,
        Some("c1") => 1,
        Some(_) => 2,
    };
    let next = [json!("c1"), json!("c2"), Value::Null][page].clone();
    ResponseTemplate::new(200).set_body_json(json!({"data": items(page), "meta": {"next_cursor": next}}))
}

#[tokio::test]
async fn a_body_cursor_is_sent_back_as_its_query_parameter_on_every_page_with_the_call_options() {
    let (server, client) = serve(events_page).await;
    let params = cursors::types::EventsListParams { limit: Some(2), ..Default::default() };
    let events = cursors::resources::Events { client: &client };
    let traced = || RequestOptions::new().header("x-trace", "t1");
    let first = events.list(&params).options(traced()).await.expect("page 1");
    assert!(first.has_next_page());
    let second = first.next_page().await.expect("page 2").expect("a second page");
    assert!(second.has_next_page());
    let third = second.next_page().await.expect("page 3").expect("a third page");
    assert!(!third.has_next_page());
    assert!(third.next_page().await.expect("no request").is_none());
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&cursor=c1", "limit=2&cursor=c2"]);

    let (server, client) = serve(events_page).await;
    let first = cursors::resources::Events { client: &client }.list(&params).options(traced()).await.expect("page 1");
    assert_eq!(ids(first, cursor_item).await, IDS);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&cursor=c1", "limit=2&cursor=c2"]);
    let received = server.received_requests().await.expect("recorded");
    assert!(received.iter().all(|r| r.headers.get("x-trace").is_some_and(|v| v == "t1")), "options reach every page");
}

#[tokio::test]
async fn a_saved_cursor_resumes_the_walk_where_it_stopped() {
    let (server, client) = serve(|request| {
        let page = match query(request, "pageToken").as_deref() {
            None => 0,
            Some("t1") => 1,
            Some(_) => 2,
        };
        let mut body = json!({"kind": "files", "files": items(page)});
        if page < 2 {
            body["nextPageToken"] = json!(format!("t{}", page + 1));
        }
        ResponseTemplate::new(200).set_body_json(body)
    })
    .await;
    let files = cursors::resources::Files { client: &client };
    let params = cursors::types::FilesListParams::default();
    let first = files.list(&params).await.expect("page 1");
    let saved = first.cursor().expect("a next page").to_string();
    let resumed = files.list(&params).resume(&saved.parse().expect("a cursor")).await.expect("page 2");
    assert_eq!(ids(resumed, cursor_item).await, ["c", "d", "e"]);
    assert_eq!(queries(&server).await, ["", "pageToken=t1", "pageToken=t2"]);
}

#[tokio::test]
async fn a_cursor_in_a_response_header_pages_a_bare_array() {
    let (server, client) = serve(|request| {
        let page = match query(request, "after_cursor").as_deref() {
            None => 0,
            Some("p1") => 1,
            Some(_) => 2,
        };
        let response = ResponseTemplate::new(200).set_body_json(items(page));
        if page < 2 { response.insert_header("X-After-Cursor", format!("p{}", page + 1)) } else { response }
    })
    .await;
    let params = cursors::types::PaymentsListParams { per_page: Some(2), ..Default::default() };
    let first = cursors::resources::Payments { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, cursor_item).await, IDS);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&after_cursor=p1", "per_page=2&after_cursor=p2"]);
}

#[tokio::test]
async fn the_last_id_is_sent_while_there_is_more() {
    let (server, client) = serve(|request| {
        let page = match query(request, "starting_after").as_deref() {
            None => 0,
            Some("b") => 1,
            Some(_) => 2,
        };
        ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": items(page), "has_more": page < 2}))
    })
    .await;
    let first = cursors::resources::Customers { client: &client }
        .list(&cursors::types::CustomersListParams::default())
        .await
        .expect("page 1");
    assert_eq!(ids(first, cursor_item).await, IDS);
    assert_eq!(queries(&server).await, ["", "starting_after=b", "starting_after=d"]);
}

#[tokio::test]
async fn a_post_list_resends_its_body_with_the_cursor_in_the_query_or_in_the_body() {
    let (server, client) = serve_posts(|request| {
        let page = match query(request, "token").as_deref() {
            None => 0,
            Some("n1") => 1,
            Some(_) => 2,
        };
        let next = if page < 2 { json!(format!("n{}", page + 1)) } else { json!("") };
        ResponseTemplate::new(200).set_body_json(json!({"runners": items(page), "pagination": {"nextToken": next}}))
    })
    .await;
    let body = cursors::types::RunnersListBody { filter: Some("all".into()), ..Default::default() };
    let first = cursors::resources::Runners { client: &client }
        .list(&cursors::types::RunnersListParams::default(), &body)
        .await
        .expect("page 1");
    assert_eq!(ids(first, cursor_item).await, IDS);
    assert_eq!(queries(&server).await, ["", "token=n1", "token=n2"]);
    let received = server.received_requests().await.expect("recorded");
    assert!(received.iter().all(|r| r.body_json::<Value>().expect("JSON") == json!({"filter": "all"})));

    let (server, client) = serve_posts(|request| {
        let body: Value = request.body_json().expect("a JSON body");
        let page = match body.pointer("/page/cursor").and_then(Value::as_str) {
            None => 0,
            Some("m1") => 1,
            Some(_) => 2,
        };
        let meta = if page < 2 { json!({"cursor": format!("m{}", page + 1)}) } else { json!({}) };
        ResponseTemplate::new(200).set_body_json(json!({"data": items(page), "meta": meta}))
    })
    .await;
    let body = cursors::types::AuditsSearchBody { query: Some("x".into()), ..Default::default() };
    let first = cursors::resources::Audits { client: &client }.search(&body).await.expect("page 1");
    assert_eq!(ids(first, cursor_item).await, IDS);
    let received = server.received_requests().await.expect("recorded");
    let bodies: Vec<Value> = received.iter().map(|r| r.body_json().expect("JSON")).collect();
    assert_eq!(
        bodies,
        [
            json!({"query": "x"}),
            json!({"query": "x", "page": {"cursor": "m1"}}),
            json!({"query": "x", "page": {"cursor": "m2"}})
        ]
    );
}

fn link_item(item: &links::types::Item) -> &str {
    &item.id
}

#[tokio::test]
async fn a_next_url_in_the_body_is_followed_absolute_or_from_the_host() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .respond_with(move |request: &Request| {
            let page = query(request, "offset").map_or(0, |o| o.parse::<usize>().unwrap_or(0) / 2);
            let next = (page < 2).then(|| format!("{base}/tracks?offset={}&limit=2", (page + 1) * 2));
            ResponseTemplate::new(200).set_body_json(json!({"items": items(page), "next": next, "previous": null}))
        })
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    let params = links::types::TracksListParams { limit: Some(2), ..Default::default() };
    let first = links::resources::Tracks { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, link_item).await, IDS);
    // The next URL is sent as the API wrote it.
    assert_eq!(queries(&server).await, ["limit=2", "offset=2&limit=2", "offset=4&limit=2"]);

    let (server, client) = serve(|request| {
        let page = query(request, "Page").map_or(0, |p| p.parse().unwrap_or(0));
        let next = (page < 2).then(|| format!("/calls?PageSize=2&Page={}", page + 1));
        ResponseTemplate::new(200).set_body_json(json!({"calls": items(page), "next_page_uri": next}))
    })
    .await;
    let params = links::types::CallsListParams { page_size: Some(2) };
    let first = links::resources::Calls { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, link_item).await, IDS);
    assert_eq!(queries(&server).await, ["PageSize=2", "PageSize=2&Page=1", "PageSize=2&Page=2"]);
}

#[tokio::test]
async fn the_link_header_leads_to_the_next_page() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .respond_with(move |request: &Request| {
            let page: usize = query(request, "page").map_or(1, |p| p.parse().unwrap_or(1));
            let mut links = vec![format!("<{base}/repos?per_page=2&page=1>; rel=\"first\"")];
            if page < 3 {
                links.push(format!("<{base}/repos?per_page=2&page={}>; rel=\"next\"", page + 1));
            }
            ResponseTemplate::new(200).set_body_json(items(page - 1)).insert_header("Link", links.join(", "))
        })
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    let params = links::types::ReposListParams { per_page: Some(2), ..Default::default() };
    let first = links::resources::Repos { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, link_item).await, IDS);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);
}

#[tokio::test]
async fn a_list_in_two_shapes_pages_their_union_and_a_204_is_an_empty_page() {
    let (server, client) = serve(|request| match request.url.path() {
        "/stars" => ResponseTemplate::new(200)
            .set_body_json(json!([{"starred_at": "2026-01-01", "user": {"id": "a"}}, {"starred_at": "2026-01-02", "user": {"id": "b"}}])),
        _ => ResponseTemplate::new(204),
    })
    .await;
    let page = links::resources::Stars { client: &client }
        .list(&links::types::StarsListParams::default())
        .await
        .expect("stars");
    let users: Vec<&str> = page
        .items()
        .iter()
        .map(|item| match item {
            links::types::StarsListItem::Star(star) => star.user.id.as_str(),
            links::types::StarsListItem::Item(item) => item.id.as_str(),
        })
        .collect();
    assert_eq!(users, ["a", "b"], "the richer shape is read where the items have it");
    let empty = links::resources::Contributors { client: &client }
        .list(&links::types::ContributorsListParams::default())
        .await
        .expect("an empty repository");
    assert!(empty.items().is_empty() && !empty.has_next_page());
    assert_eq!(queries(&server).await.len(), 2);
}

fn number_item(item: &numbers::types::Item) -> &str {
    &item.id
}

#[tokio::test]
async fn page_numbers_stop_at_the_total_or_on_an_empty_page() {
    let (server, client) = serve(|request| {
        let page: usize = query(request, "page").map_or(1, |p| p.parse().unwrap_or(1));
        ResponseTemplate::new(200).set_body_json(json!({"users": items(page - 1), "total_pages": 3}))
    })
    .await;
    let params = numbers::types::UsersListParams { per_page: Some(2), ..Default::default() };
    let first = numbers::resources::Users { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, number_item).await, IDS);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);

    // No total: a fourth request finds the empty page.
    let (server, client) = serve(|request| {
        let page: usize = query(request, "page[number]").map_or(1, |p| p.parse().unwrap_or(1));
        ResponseTemplate::new(200).set_body_json(items(page - 1))
    })
    .await;
    let params = numbers::types::TagsListParams { page_size: Some(2), ..Default::default() };
    let first = numbers::resources::Tags { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, number_item).await, IDS);
    assert_eq!(queries(&server).await.len(), 4);
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_until_the_total() {
    let (server, client) = serve(|request| {
        let offset: usize = query(request, "offset").map_or(0, |o| o.parse().unwrap_or(0));
        let page = items(offset / 2);
        let count = page.as_array().map_or(0, Vec::len);
        ResponseTemplate::new(200).set_body_json(json!({"data": page, "count": count, "total_count": 5}))
    })
    .await;
    let params = numbers::types::OrdersListParams { limit: Some(2), ..Default::default() };
    let first = numbers::resources::Orders { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, number_item).await, IDS);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]);
}

fn declared_item(item: &declared::types::Item) -> &str {
    &item.id
}

#[tokio::test]
async fn a_dropshot_page_token_stands_for_the_whole_query() {
    let (server, client) = serve(|request| {
        let page = match query(request, "page_token").as_deref() {
            None => 0,
            Some("k1") => 1,
            Some(_) => 2,
        };
        let next = if page < 2 { json!(format!("k{}", page + 1)) } else { Value::Null };
        ResponseTemplate::new(200).set_body_json(json!({"items": items(page), "next_page": next}))
    })
    .await;
    let params =
        declared::types::InstancesListParams { limit: Some(2), sort_by: Some("name".into()), ..Default::default() };
    let first = declared::resources::Instances { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, declared_item).await, IDS);
    assert_eq!(queries(&server).await, ["limit=2&sort_by=name", "limit=2&page_token=k1", "limit=2&page_token=k2"]);
}

#[tokio::test]
async fn a_declared_page_number_counts_from_its_start() {
    let (server, client) = serve(|request| {
        let page: usize = query(request, "page[number]").map_or(0, |p| p.parse().unwrap_or(0));
        ResponseTemplate::new(200).set_body_json(json!({"data": items(page)}))
    })
    .await;
    let params = declared::types::MonitorsListParams { page_size: Some(2), ..Default::default() };
    let first = declared::resources::Monitors { client: &client }.list(&params).await.expect("page 1");
    assert_eq!(ids(first, declared_item).await, IDS);
    let sent = queries(&server).await;
    assert_eq!(sent[1..3], ["page%5Bsize%5D=2&page%5Bnumber%5D=1", "page%5Bsize%5D=2&page%5Bnumber%5D=2"]);
}

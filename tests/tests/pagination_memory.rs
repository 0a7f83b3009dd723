//! `Page::into_stream` holds one page at a time: streaming 100 pages of 100 items of about 1 KB
//! (10 MB in all), by a cursor in the body and by `Link` headers, must take a few times a page
//! body, not more. A counting global allocator measures the live bytes (the test binary is its
//! own process and has one test: run it with `--nocapture` for the numbers).
//!
//! The loopback server lives in this process too, on a thread of its own: it holds every body,
//! copies each as it answers, and wiremock keeps every request it matched (a few KB each, even
//! with recording off). So the bound is checked on the client's thread alone (the test's:
//! `#[tokio::test]` runs the client, its connection and the stream there), and the whole
//! process's peak is printed beside it.

#[path = "common/counting.rs"]
mod counting;
use counting::{CLIENT, Watch};

use futures_util::TryStreamExt;
use generated_client::Error;
use generated_client::runtime::{
    Call, Client, ClientBuilder, Method, NextPage, Page, PageField, PageInput, PageItems, Paging, Request, decode,
};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const PAGES: usize = 100;
const PER_PAGE: usize = 100;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Item {
    id: String,
    name: String,
    payload: String,
}

/// Page `page` (0-based) as JSON text: 100 items of about 1 KB, then `{"next": ...}` for the cursor scheme.
fn page_body(page: usize, wrapped: bool) -> Vec<u8> {
    let items: Vec<String> = (0..PER_PAGE)
        .map(|item| {
            let payload = format!("{page:03}-{item:03}-").repeat(120);
            format!(r#"{{"id":"p{page}-i{item}","name":"item {item} of page {page}","payload":"{payload}"}}"#)
        })
        .collect();
    let array = format!("[{}]", items.join(","));
    if !wrapped {
        return array.into_bytes();
    }
    let next = if page + 1 < PAGES { format!(r#""c{}""#, page + 1) } else { "null".to_string() };
    format!(r#"{{"data":{array},"next":{next}}}"#).into_bytes()
}

/// Serves page `cursor` (or `page`) of the prebuilt bodies; by `Link` headers when `uri` is set.
struct Pages {
    bodies: Vec<Vec<u8>>,
    link_to: Option<String>,
}

impl Respond for Pages {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let key = if self.link_to.is_some() { "page" } else { "cursor" };
        let page = request
            .url
            .query_pairs()
            .find(|(name, _)| name == key)
            .and_then(|(_, value)| value.trim_start_matches('c').parse::<usize>().ok())
            .unwrap_or(0);
        let mut template = ResponseTemplate::new(200).set_body_raw(self.bodies[page].clone(), "application/json");
        if let Some(uri) = &self.link_to
            && page + 1 < PAGES
        {
            template =
                template.insert_header("link", format!(r#"<{uri}/items?limit=100&page={}>; rel="next""#, page + 1));
        }
        template
    }
}

static CURSOR: Paging = Paging {
    items: PageItems::At(&["data"]),
    next: NextPage::Cursor { field: PageField::Body(&["next"]), input: PageInput::Query("cursor") },
    keep_only: &[],
};

static LINK: Paging = Paging { items: PageItems::At(&[]), next: NextPage::Link, keep_only: &[] };

/// What one walk through the list peaked at, in live bytes above those before it.
struct Peaks {
    process: usize,
    client: usize,
}

/// Streams every item of the list `paging` serves, twice with one client (the first walk opens
/// the connection and grows its buffers); returns each walk's peaks and the largest page body.
async fn stream(paging: &'static Paging) -> Result<(Vec<Peaks>, usize), Error> {
    let server = MockServer::builder().disable_request_recording().start().await;
    let link_to = (paging == &LINK).then(|| server.uri());
    let bodies: Vec<Vec<u8>> = (0..PAGES).map(|page| page_body(page, link_to.is_none())).collect();
    let largest = bodies.iter().map(Vec::len).max().unwrap_or_default();
    Mock::given(wiremock::matchers::path("/items")).respond_with(Pages { bodies, link_to }).mount(&server).await;
    let client: Client = ClientBuilder::new(&server.uri(), "memory-test").build()?;

    let mut walks = Vec::new();
    for _ in 0..2 {
        let request = Request::new(Method::GET, "/items".into()).query("limit", &100).paging(paging);
        let call: Call<Page<Item>> = Call::new(&client, request, decode::page);
        let watch = Watch::start();
        let mut count = 0usize;
        call.await?
            .into_stream()
            .try_for_each(|item| {
                assert!(item.payload.len() > 900);
                count += 1;
                std::future::ready(Ok(()))
            })
            .await?;
        assert_eq!(count, PAGES * PER_PAGE);
        let (process, client) = watch.peaks();
        walks.push(Peaks { process, client });
    }
    Ok((walks, largest))
}

#[tokio::test]
async fn streaming_holds_about_one_page() -> Result<(), Error> {
    CLIENT.with(|client| client.set(true));
    // Both schemes in one test, one after the other: the counters are process-wide.
    for (name, paging) in [("cursor", &CURSOR), ("link", &LINK)] {
        let (walks, largest) = stream(paging).await?;
        println!("{name}: {} items in {PAGES} pages, largest page body {largest} bytes", PAGES * PER_PAGE);
        let times = |bytes: usize| bytes as f64 / largest as f64;
        for (walk, peaks) in ["new connection", "warm connection"].iter().zip(&walks) {
            println!(
                "  {walk}: peak live bytes above the baseline: client thread {} ({:.2}× the largest page), \
                 whole process with the server {} ({:.2}×)",
                peaks.client,
                times(peaks.client),
                peaks.process,
                times(peaks.process)
            );
        }
        // A new connection grows its buffers and keeps them: they are the client's, not the stream's,
        // so the bound is checked on the warm connection, and the first walk only for pages piling up.
        // On a warm one the client holds hyper's 128 KB read buffer, which the body is a slice of (or,
        // when the body came in several reads, beside reqwest's joined copy of it), and the page's
        // items: 2.4 × the body, 3.6 × in the second case (about one run in three here).
        let [cold, warm] = &walks[..] else { unreachable!("two walks") };
        assert!(warm.client < 4 * largest, "{name}: the stream peaked at {} bytes, over 4 × {largest}", warm.client);
        assert!(cold.client < 8 * largest, "{name}: the first walk peaked at {} bytes", cold.client);
    }
    Ok(())
}

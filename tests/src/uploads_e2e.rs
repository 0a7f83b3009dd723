//! Uploads through the generated methods of the `uploads` focused spec, against a real local
//! HTTP server (axum) that parses each multipart body with its own extractor: every part's
//! name, file name, content type and bytes arrive as sent.

use std::sync::{Arc, Mutex};

use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::routing::{post, put};
use bytes::Bytes;
use generated_client::runtime::{Call, File, Method, Request, decode};
use generated_client::{Client, Error};
use serde_json::json;

use crate::focused::uploads::{resources, types};

/// A part as the server read it.
#[derive(Debug, Clone, PartialEq)]
struct Received {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Received {
    Received {
        name: name.into(),
        file_name: file_name.map(str::to_string),
        content_type: content_type.map(str::to_string),
        bytes: bytes.to_vec(),
    }
}

/// Each request's `Content-Type` header and parts.
type Log = Arc<Mutex<Vec<(String, Vec<Received>)>>>;

async fn read(log: &Log, headers: &HeaderMap, mut multipart: Multipart) {
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed multipart body") {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = field.bytes().await.expect("the part's bytes").to_vec();
        parts.push(Received { name, file_name, content_type, bytes });
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    log.lock().expect("lock").push((content_type, parts));
}

async fn start() -> (Log, Client) {
    let log = Log::default();
    let app = axum::Router::new()
        .route(
            "/files",
            post(|State(log): State<Log>, headers: HeaderMap, multipart: Multipart| async move {
                read(&log, &headers, multipart).await;
                axum::Json(json!({"id": "f1"}))
            }),
        )
        .route(
            "/scripts/{name}",
            put(|State(log): State<Log>, headers: HeaderMap, multipart: Multipart| async move {
                read(&log, &headers, multipart).await;
                axum::http::StatusCode::NO_CONTENT
            }),
        )
        .with_state(log.clone());
    let client = crate::loopback::serve(app).await;
    (log, client)
}

/// Not UTF-8: the bytes of a PNG header and a byte no text has.
const IMAGE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe];

#[tokio::test]
async fn a_file_goes_with_its_name_type_and_bytes_beside_text_lists_and_json() {
    let (log, client) = start().await;
    let mut body: types::FilesCreateBody = serde_json::from_value(json!({
        "file": "", "purpose": "fine-tune", "tags": ["a", "b"], "limits": {"max_pages": 3}, "note": "# Hi"
    }))
    .expect("body");
    body.file = File::from_bytes(IMAGE).file_name("logo \"1\".png");
    let stored = resources::Files { client: &client }.create(&body).await.expect("uploaded");
    assert_eq!(stored.id, "f1");
    let (content_type, parts) = log.lock().expect("lock")[0].clone();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    assert_eq!(
        parts,
        [
            part("file", Some("logo \"1\".png"), Some("image/png"), IMAGE),
            part("purpose", None, None, b"fine-tune"),
            part("tags", None, None, b"a"),
            part("tags", None, None, b"b"),
            part("limits", None, Some("application/json"), br#"{"max_pages":3}"#),
            part("note", None, Some("text/markdown"), b"# Hi"),
        ]
    );
}

#[tokio::test]
async fn a_script_is_a_json_part_and_one_part_per_module_from_a_path_and_a_stream() {
    let (log, client) = start().await;
    let dir = std::env::temp_dir().join(format!("uploads-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("worker.mjs");
    std::fs::write(&path, "export default { fetch() { return new Response('hi') } }").expect("module");
    let helper =
        futures_util::stream::iter([Ok(Bytes::from_static(b"export const ")), Ok(Bytes::from_static(b"x = 1;"))]);
    let body = types::ScriptsUpdateBody {
        metadata: serde_json::from_value(json!({"main_module": "worker.mjs"})).expect("metadata"),
        modules: vec![
            File::from_path(&path).content_type("application/javascript+module"),
            File::from_stream(helper).file_name("helper.mjs").content_type("application/javascript+module"),
        ],
        #[cfg(feature = "extra-fields")]
        additional_properties: Default::default(),
    };
    resources::Scripts { client: &client }.update("hello", &body).await.expect("deployed");
    let (_, parts) = log.lock().expect("lock")[0].clone();
    let module = Some("application/javascript+module");
    assert_eq!(
        parts,
        [
            part("metadata", None, Some("application/json"), br#"{"main_module":"worker.mjs"}"#),
            part("modules", Some("worker.mjs"), module, b"export default { fetch() { return new Response('hi') } }"),
            part("modules", Some("helper.mjs"), module, b"export const x = 1;"),
        ]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_body_with_no_parts_is_still_a_multipart_body() {
    let (log, client) = start().await;
    let request = Request::new(Method::POST, "/files".into()).multipart(&json!({"absent": null}));
    let stored: serde_json::Value = Call::new(&client, request, decode::json).await.expect("sent");
    assert_eq!(stored["id"], "f1");
    let (content_type, parts) = log.lock().expect("lock")[0].clone();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    assert!(parts.is_empty(), "{parts:?}");
}

#[tokio::test]
async fn a_stream_is_not_sent_twice_and_a_missing_path_is_a_request_error() {
    let (_log, client) = start().await;
    let stream = File::from_stream(futures_util::stream::iter([Ok(Bytes::from_static(b"x"))]));
    let body = |modules: Vec<File>| types::ScriptsUpdateBody {
        metadata: Default::default(),
        modules,
        #[cfg(feature = "extra-fields")]
        additional_properties: Default::default(),
    };
    let scripts = resources::Scripts { client: &client };
    let once = body(vec![stream]);
    scripts.update("a", &once).await.expect("the first send");
    match scripts.update("a", &once).await {
        Err(Error::Request(message)) => assert!(message.contains("cannot be sent again"), "{message}"),
        other => panic!("a consumed stream must fail, not {other:?}"),
    }
    match scripts.update("a", &body(vec![File::from_path("/no/such/file.mjs")])).await {
        Err(Error::Request(message)) => assert!(message.contains("/no/such/file.mjs"), "{message}"),
        other => panic!("a missing file must fail, not {other:?}"),
    }
}

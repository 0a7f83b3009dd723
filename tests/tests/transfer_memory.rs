//! Large bodies do not pass through memory: uploading a 200 MB file from its path (a multipart
//! part) and reading a 200 MB download with `Call::stream` each keep the client's live heap
//! under 32 MB above where it started. A counting global allocator measures the client's
//! thread (`#[tokio::test]` runs the client and its connection there); the axum server runs on
//! a thread and runtime of its own. Run with `--nocapture` for the numbers (BENCHMARKS.md).

#[path = "common/counting.rs"]
mod counting;

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use axum::body::Body;
use axum::routing::{get, post};
use bytes::Bytes;
use counting::{CLIENT, Watch};
use futures_util::{StreamExt, TryStreamExt};
use generated_client::runtime::{Call, File, Method, Request, decode};
use generated_client::{Client, Error};

const SIZE: u64 = 200 * 1024 * 1024;
const PIECE: usize = 64 * 1024;
const BOUND: usize = 32 * 1024 * 1024;

/// A server on its own thread: `POST /upload` counts the bytes it is sent, `GET /download`
/// sends `SIZE` bytes in pieces with their `Content-Length`.
fn serve(received: Arc<AtomicU64>) -> String {
    let (address_tx, address_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("rt");
        runtime.block_on(async move {
            let app = axum::Router::new()
                .route(
                    "/upload",
                    post(move |body: Body| async move {
                        let mut stream = body.into_data_stream();
                        while let Some(piece) = stream.next().await {
                            received.fetch_add(piece.expect("a piece").len() as u64, Ordering::Relaxed);
                        }
                        axum::http::StatusCode::NO_CONTENT
                    }),
                )
                .route(
                    "/download",
                    get(|| async {
                        let piece = Bytes::from(vec![7u8; PIECE]);
                        let pieces = (0..SIZE / PIECE as u64).map(move |_| Ok::<_, std::io::Error>(piece.clone()));
                        axum::http::Response::builder()
                            .header("content-length", SIZE.to_string())
                            .header("content-type", "application/octet-stream")
                            .body(Body::from_stream(futures_util::stream::iter(pieces)))
                            .expect("response")
                    }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            address_tx.send(listener.local_addr().expect("address")).expect("send");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    format!("http://{}", address_rx.recv().expect("the server starts"))
}

#[derive(serde::Serialize)]
struct Upload {
    purpose: &'static str,
    file: File,
}

#[tokio::test]
async fn uploads_and_downloads_stream_through_a_bounded_heap() -> Result<(), Error> {
    CLIENT.with(|client| client.set(true));
    let received = Arc::new(AtomicU64::new(0));
    let base = serve(received.clone());
    let client = Client::builder().base_url(base).max_retries(0).build()?;
    let path = std::env::temp_dir().join(format!("transfer-memory-{}.bin", std::process::id()));
    {
        let mut file = std::fs::File::create(&path).expect("temp file");
        let piece = vec![3u8; PIECE];
        for _ in 0..SIZE / PIECE as u64 {
            file.write_all(&piece).expect("write");
        }
    }

    let watch = Watch::start();
    let body = Upload { purpose: "backup", file: File::from_path(&path) };
    let request = Request::new(Method::POST, "/upload".into()).multipart(&body);
    Call::new(&client, request, decode::empty).await?;
    let (_, upload_peak) = watch.peaks();
    std::fs::remove_file(&path).ok();
    assert!(received.load(Ordering::Relaxed) > SIZE, "the whole file and the part headers arrived");

    let watch = Watch::start();
    let download = Call::new(&client, Request::new(Method::GET, "/download".into()), decode::bytes).stream().await?;
    assert_eq!(download.content_length(), Some(SIZE));
    let read = download.try_fold(0u64, |read, piece| async move { Ok(read + piece.len() as u64) }).await?;
    let (_, download_peak) = watch.peaks();
    assert_eq!(read, SIZE);

    let mb = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    println!("200 MB upload: client heap peak {:.2} MB above start", mb(upload_peak));
    println!("200 MB download: client heap peak {:.2} MB above start", mb(download_peak));
    assert!(upload_peak < BOUND, "the upload held {:.1} MB", mb(upload_peak));
    assert!(download_peak < BOUND, "the download held {:.1} MB", mb(download_peak));
    Ok(())
}

//! A real HTTP server for the end-to-end tests that need one wiremock cannot be (a stream
//! written as the test says, a multipart body parsed by axum): `app` on a free loopback port,
//! and a client of it that does not retry.

use std::time::Duration;

use generated_client::Client;

pub async fn serve(app: axum::Router) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Client::builder()
        .base_url(format!("http://{address}"))
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

//! Verifies the API token from the environment and prints the result as JSON.
//!
//! ```sh
//! CLOUDFLARE_API_TOKEN=... cargo run -p generated-client --example verify_token
//! ```
//!
//! On failure, prints the API's error codes and messages and exits non-zero.

use std::process::ExitCode;

use generated_client::{Client, Error};

#[tokio::main]
async fn main() -> ExitCode {
    match verify().await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            for api_error in error.api_errors() {
                eprintln!("  code {}: {}", api_error.code, api_error.message);
            }
            ExitCode::FAILURE
        }
    }
}

async fn verify() -> Result<String, Error> {
    let client = Client::from_env()?;
    let verified = client.user().tokens().verify().await?;
    serde_json::to_string_pretty(&verified).map_err(|e| Error::Request(e.to_string()))
}

//! Events the API sends to the user's server (webhooks): parsed into the API's event type,
//! after checking they came from the API. Signatures follow Standard Webhooks
//! (<https://www.standardwebhooks.com>), which Svix-delivered webhooks share under `svix-`
//! header names: an HMAC-SHA256, keyed with the base64 secret (`whsec_…`), over
//! `{id}.{timestamp}.{body}`, sent as `v1,<base64>` (several, space-separated, while a
//! secret rotates), with a timestamp that must be recent so a captured event cannot be
//! replayed later. Checking needs the `webhook-signatures` feature (HMAC and SHA-256 crates),
//! on by default in a crate whose API sends webhooks.

use serde::de::DeserializeOwned;

use super::error::Error;
#[cfg(feature = "webhook-signatures")]
pub use signed::{TOLERANCE, sign, unwrap, verify};

/// Parses an event without checking where it came from.
pub fn parse<T: DeserializeOwned>(payload: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(payload);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| Error::Webhook(format!("cannot parse the event at `{}`: {}", e.path(), e.inner())))
}

#[cfg(feature = "webhook-signatures")]
mod signed {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use reqwest::header::HeaderMap;
    use serde::de::DeserializeOwned;

    use super::parse;
    use crate::runtime::auth::Secret;
    use crate::runtime::error::Error;

    /// How far an event's timestamp may be from the receiver's clock, either way.
    pub const TOLERANCE: Duration = Duration::from_secs(5 * 60);

    /// The headers of an event, by the names Standard Webhooks gives them, then Svix's.
    const HEADERS: [[&str; 3]; 2] =
        [["webhook-id", "webhook-timestamp", "webhook-signature"], ["svix-id", "svix-timestamp", "svix-signature"]];

    /// Checks that `payload` was signed with `secret` and recently (`now` within [`TOLERANCE`] of
    /// its timestamp), then parses it. The payload must be the body exactly as received: parsing
    /// and re-serializing it first changes the bytes signed.
    pub fn unwrap<T: DeserializeOwned>(
        payload: &[u8],
        headers: &HeaderMap,
        secret: Option<&Secret>,
        now: SystemTime,
    ) -> Result<T, Error> {
        let secret = secret.ok_or_else(|| {
            Error::Webhook(
                "no webhook secret: set one with `ClientBuilder::webhook_secret` (or its environment variable) to \
             verify events, or parse an event you trust with `unsafe_unwrap`"
                    .to_string(),
            )
        })?;
        verify(payload, headers, secret, now)?;
        parse(payload)
    }

    /// The Standard Webhooks check: one of the signatures sent is the payload's, and its
    /// timestamp is within [`TOLERANCE`] of `now`.
    pub fn verify(payload: &[u8], headers: &HeaderMap, secret: &Secret, now: SystemTime) -> Result<(), Error> {
        let [id, timestamp, signatures] = event_headers(headers)?;
        let sent: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| refused(format!("the timestamp `{timestamp}` is not Unix seconds")))?;
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        let tolerance = TOLERANCE.as_secs() as i64;
        if sent < now - tolerance {
            return Err(refused(format!("its timestamp is {}s old, more than the {tolerance}s allowed", now - sent)));
        }
        if sent > now + tolerance {
            return Err(refused(format!("its timestamp is {}s ahead of this clock", sent - now)));
        }
        let key = secret_key(secret)?;
        let mut signed = Vec::with_capacity(id.len() + timestamp.len() + payload.len() + 2);
        signed.extend_from_slice(id.as_bytes());
        signed.push(b'.');
        signed.extend_from_slice(timestamp.as_bytes());
        signed.push(b'.');
        signed.extend_from_slice(payload);
        let matches = signatures
            .split_whitespace()
            .filter_map(|entry| entry.strip_prefix("v1,"))
            .filter_map(|signature| base64_decode(signature).ok())
            .any(|signature| mac_verifies(&key, &signed, &signature));
        if matches { Ok(()) } else { Err(refused("no signature matches the payload and the secret".to_string())) }
    }

    /// The `v1,<base64>` signature of `payload` with `secret`: what a sender puts in
    /// `webhook-signature` (for tests of a receiver, and for forwarding events).
    pub fn sign(payload: &[u8], id: &str, timestamp: i64, secret: &Secret) -> Result<String, Error> {
        use base64::Engine as _;
        use hmac::Mac as _;
        let mut mac = Hmac::new_from_slice(&secret_key(secret)?).map_err(|e| Error::Webhook(e.to_string()))?;
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(payload);
        Ok(format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())))
    }

    type Hmac = hmac::Hmac<sha2::Sha256>;

    fn mac_verifies(key: &[u8], signed: &[u8], signature: &[u8]) -> bool {
        use hmac::Mac as _;
        let Ok(mut mac) = Hmac::new_from_slice(key) else { return false };
        mac.update(signed);
        // Constant time: how much of a forged signature matched must not show in the time taken.
        mac.verify_slice(signature).is_ok()
    }

    /// The id, timestamp and signatures, all by one naming (a mix is no event of either).
    fn event_headers(headers: &HeaderMap) -> Result<[&str; 3], Error> {
        for names in HEADERS {
            let values = names.map(|name| headers.get(name).and_then(|value| value.to_str().ok()));
            if let [Some(id), Some(timestamp), Some(signatures)] = values {
                return Ok([id, timestamp, signatures]);
            }
        }
        Err(refused("it lacks the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers".to_string()))
    }

    /// The key bytes: the base64 after `whsec_` (Standard Webhooks' form), else the whole secret's
    /// bytes.
    fn secret_key(secret: &Secret) -> Result<Vec<u8>, Error> {
        let text = secret.expose();
        match text.strip_prefix("whsec_") {
            Some(encoded) => base64_decode(encoded)
                .map_err(|_| Error::Config("the webhook secret after `whsec_` is not base64".to_string())),
            None => Ok(text.as_bytes().to_vec()),
        }
    }

    fn base64_decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.decode(text.trim())
    }

    fn refused(why: String) -> Error {
        Error::Webhook(format!("the event is refused: {why}"))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        // Standard Webhooks' own test vector (its reference libraries' tests).
        const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        const TIMESTAMP: i64 = 1614265330;
        const PAYLOAD: &[u8] = br#"{"test": 2432232314}"#;
        const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        fn headers(id: &str, timestamp: i64, signature: &str) -> HeaderMap {
            let mut headers = HeaderMap::new();
            headers.insert("webhook-id", id.parse().unwrap());
            headers.insert("webhook-timestamp", timestamp.to_string().parse().unwrap());
            headers.insert("webhook-signature", signature.parse().unwrap());
            headers
        }

        fn at(seconds: i64) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(seconds as u64)
        }

        #[test]
        fn the_standard_test_vector_verifies() {
            let secret = Secret::new(SECRET);
            assert_eq!(sign(PAYLOAD, ID, TIMESTAMP, &secret).unwrap(), SIGNATURE);
            verify(PAYLOAD, &headers(ID, TIMESTAMP, SIGNATURE), &secret, at(TIMESTAMP + 10)).unwrap();
            // One good signature among several (a secret being rotated) is enough.
            let several = format!("v1,Zm9yZ2Vk {SIGNATURE}");
            verify(PAYLOAD, &headers(ID, TIMESTAMP, &several), &secret, at(TIMESTAMP)).unwrap();
        }

        #[test]
        fn a_tampered_forged_or_stale_event_is_refused() {
            let secret = Secret::new(SECRET);
            let refused = |payload: &[u8], headers: HeaderMap, now: i64| {
                verify(payload, &headers, &secret, at(now)).unwrap_err().to_string()
            };
            let good = || headers(ID, TIMESTAMP, SIGNATURE);
            assert!(refused(br#"{"test": 2432232315}"#, good(), TIMESTAMP).contains("no signature matches"));
            assert!(refused(PAYLOAD, headers("msg_other", TIMESTAMP, SIGNATURE), TIMESTAMP).contains("no signature"));
            let wrong_key = sign(PAYLOAD, ID, TIMESTAMP, &Secret::new("whsec_c2VjcmV0")).unwrap();
            assert!(refused(PAYLOAD, headers(ID, TIMESTAMP, &wrong_key), TIMESTAMP).contains("no signature"));
            assert!(refused(PAYLOAD, good(), TIMESTAMP + 301).contains("old"));
            assert!(refused(PAYLOAD, good(), TIMESTAMP - 301).contains("ahead"));
            assert!(refused(PAYLOAD, HeaderMap::new(), TIMESTAMP).contains("lacks"));
        }

        #[test]
        fn unwrap_needs_a_secret_and_parses_what_it_verified() {
            let event: serde_json::Value =
                unwrap(PAYLOAD, &headers(ID, TIMESTAMP, SIGNATURE), Some(&Secret::new(SECRET)), at(TIMESTAMP)).unwrap();
            assert_eq!(event["test"], 2432232314u64);
            let error = unwrap::<serde_json::Value>(PAYLOAD, &headers(ID, TIMESTAMP, SIGNATURE), None, at(TIMESTAMP));
            assert!(error.unwrap_err().to_string().contains("no webhook secret"));
        }

        #[test]
        fn svix_header_names_are_read_too() {
            let mut svix = HeaderMap::new();
            svix.insert("svix-id", ID.parse().unwrap());
            svix.insert("svix-timestamp", TIMESTAMP.to_string().parse().unwrap());
            svix.insert("svix-signature", SIGNATURE.parse().unwrap());
            verify(PAYLOAD, &svix, &Secret::new(SECRET), at(TIMESTAMP)).unwrap();
        }
    }
}

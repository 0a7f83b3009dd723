//! Files to upload: bytes, a path read while the request is sent, or a stream of
//! bytes; each with a file name and a content type (guessed from the name's
//! extension when not given). A multipart body sends each as a part of its own.

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;

use crate::runtime::Error;

/// A chunked source of bytes, for files that are neither in memory nor on disk.
pub type FileStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync>>;

/// A file for an upload (`format: binary` in a multipart body).
///
/// ```no_run
/// use generated_client::runtime::File;
/// let report = File::from_path("report.pdf"); // read while sent, named `report.pdf`, `application/pdf`
/// let logo = File::from_bytes(vec![0x89, b'P', b'N', b'G']).file_name("logo.png");
/// let raw = File::from_bytes("a,b\n1,2\n").file_name("data.csv").content_type("text/csv");
/// # let _ = (report, logo, raw);
/// ```
#[derive(Clone)]
pub struct File {
    source: Source,
    name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken by the first attempt that sends it: a retry after that fails with a clear error.
    Stream(Arc<Mutex<Option<FileStream>>>),
}

impl File {
    pub fn from_bytes(bytes: impl Into<Bytes>) -> File {
        File { source: Source::Bytes(bytes.into()), name: None, content_type: None }
    }

    /// The file at `path`, read in pieces while the request is sent (never whole in memory),
    /// and again by a retry; named after the path's last part.
    pub fn from_path(path: impl AsRef<Path>) -> File {
        let path = path.as_ref();
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        File { source: Source::Path(path.to_path_buf()), name, content_type: None }
    }

    /// Bytes from any stream (an async reader, another response's body), sent as they come.
    /// A stream can be sent once: a retry after it was read fails with [`Error::Request`].
    pub fn from_stream(stream: impl Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync + 'static) -> File {
        File { source: Source::Stream(Arc::new(Mutex::new(Some(Box::pin(stream))))), name: None, content_type: None }
    }

    /// The name the server is told (`filename` of the part).
    pub fn file_name(mut self, name: impl Into<String>) -> File {
        self.name = Some(name.into());
        self
    }

    /// The part's `Content-Type`; by default guessed from the name's extension, else
    /// `application/octet-stream`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The content type the part is sent with.
    pub fn media_type(&self) -> String {
        if let Some(given) = &self.content_type {
            return given.clone();
        }
        let guessed = self.name.as_deref().and_then(|name| mime_guess::from_path(name).first_raw());
        guessed.unwrap_or("application/octet-stream").to_string()
    }

    /// The file as a request body, read only as it is sent, and its length when known.
    pub(crate) fn body(&self) -> Result<(reqwest::Body, Option<u64>), Error> {
        match &self.source {
            Source::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64))),
            Source::Path(path) => {
                let length = std::fs::metadata(path)
                    .map_err(|error| Error::Request(format!("cannot read `{}`: {error}", path.display())))?
                    .len();
                Ok((reqwest::Body::wrap_stream(read_file(path.clone())), Some(length)))
            }
            Source::Stream(stream) => {
                let taken = stream.lock().map_err(|_| Error::Request("a file stream was poisoned".into()))?.take();
                let stream = taken.ok_or_else(|| {
                    Error::Request(
                        "a file from a stream was sent already and cannot be sent again (a retry); use a path or bytes"
                            .into(),
                    )
                })?;
                Ok((reqwest::Body::wrap_stream(stream), None))
            }
        }
    }

    /// The file as a multipart part, its bytes read only when the request is sent.
    pub(crate) fn part(&self) -> Result<reqwest::multipart::Part, Error> {
        let part = match self.body()? {
            (body, Some(length)) => reqwest::multipart::Part::stream_with_length(body, length),
            (body, None) => reqwest::multipart::Part::stream(body),
        };
        let part = part.file_name(self.name.clone().unwrap_or_else(|| "file".to_string()));
        part.mime_str(&self.media_type()).map_err(|error| Error::Request(format!("a file's content type: {error}")))
    }

    /// What a JSON value can carry of the file: its bytes as text (lossy), a path's name, or a mark.
    fn as_text(&self) -> String {
        match &self.source {
            Source::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Source::Path(path) => format!("<file {}>", path.display()),
            Source::Stream(_) => "<file from a stream>".to_string(),
        }
    }
}

/// The file's pieces, read as the body is sent.
fn read_file(path: PathBuf) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync {
    use tokio::io::AsyncReadExt;
    const PIECE: usize = 64 * 1024;
    futures_util::stream::try_unfold(None, move |file: Option<tokio::fs::File>| {
        let path = path.clone();
        async move {
            let mut file = match file {
                Some(file) => file,
                None => tokio::fs::File::open(&path).await?,
            };
            let mut buffer = bytes::BytesMut::with_capacity(PIECE);
            let read = file.read_buf(&mut buffer).await?;
            Ok((read > 0).then(|| (buffer.freeze(), Some(file))))
        }
    })
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> File {
        File::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for File {
    fn from(bytes: &'static [u8]) -> File {
        File::from_bytes(bytes)
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> File {
        File::from_bytes(bytes)
    }
}

impl From<String> for File {
    fn from(text: String) -> File {
        File::from_bytes(text)
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("File");
        match &self.source {
            Source::Bytes(bytes) => out.field("bytes", &bytes.len()),
            Source::Path(path) => out.field("path", path),
            Source::Stream(_) => out.field("stream", &true),
        };
        out.field("name", &self.name).field("content_type", &self.content_type).finish()
    }
}

impl PartialEq for File {
    /// Equal bytes or the same path (and name and type); streams are never equal.
    fn eq(&self, other: &File) -> bool {
        let same = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            _ => false,
        };
        same && self.name == other.name && self.content_type == other.content_type
    }
}

// While a multipart body is serialized, each file it holds is set aside and written
// as a mark naming it; the body's parts are then made from the JSON value and the files.
thread_local! {
    static SET_ASIDE: RefCell<Option<Vec<File>>> = const { RefCell::new(None) };
}

/// Starts a mark (the rest is the file's index); no JSON text a user sends starts with it.
const MARK: &str = "\u{0}generated-client-file:";

/// `body` as JSON text with its files as marks, and the files.
pub(crate) fn set_aside<T: serde::Serialize + ?Sized>(body: &T) -> (Result<Vec<u8>, String>, Vec<File>) {
    SET_ASIDE.with(|cell| *cell.borrow_mut() = Some(Vec::new()));
    let json = serde_json::to_vec(body).map_err(|error| error.to_string());
    let files = SET_ASIDE.with(|cell| cell.borrow_mut().take()).unwrap_or_default();
    (json, files)
}

/// The file a JSON string marks.
pub(crate) fn marked<'a>(text: &str, files: &'a [File]) -> Option<&'a File> {
    files.get(text.strip_prefix(MARK)?.parse::<usize>().ok()?)
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mark = SET_ASIDE.with(|cell| {
            let mut cell = cell.borrow_mut();
            let files = cell.as_mut()?;
            files.push(self.clone());
            Some(format!("{MARK}{}", files.len() - 1))
        });
        match mark {
            Some(mark) => serializer.serialize_str(&mark),
            None => serializer.serialize_str(&self.as_text()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for File {
    /// A file in JSON (an example, a response) is its text.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<File, D::Error> {
        String::deserialize(deserializer).map(File::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_type_is_given_or_guessed_from_the_name() {
        assert_eq!(File::from_path("dir/report.pdf").media_type(), "application/pdf");
        assert_eq!(File::from_bytes("x").file_name("a.png").media_type(), "image/png");
        assert_eq!(File::from_bytes("x").media_type(), "application/octet-stream");
        assert_eq!(File::from_bytes("x").file_name("a.png").content_type("image/webp").media_type(), "image/webp");
        assert_eq!(File::from_path("dir/report.pdf").name(), Some("report.pdf"));
    }

    #[test]
    fn files_are_set_aside_only_while_a_multipart_body_is_serialized() {
        let body = serde_json::json!({"n": 1});
        let files = vec![File::from_bytes("one"), File::from_bytes("two")];
        let (json, aside) = set_aside(&(&body, &files));
        let value: serde_json::Value = serde_json::from_slice(&json.expect("serializes")).expect("JSON");
        assert_eq!(aside, files);
        assert_eq!(marked(value[1][1].as_str().expect("a mark"), &aside), Some(&files[1]));
        // Elsewhere (Debug, a JSON round trip) a file is its text.
        assert_eq!(serde_json::to_value(&files[0]).expect("serializes"), serde_json::json!("one"));
        assert_eq!(marked("\u{0}generated-client-file:9", &aside), None);
    }

    #[test]
    fn a_stream_is_sent_once() {
        let file = File::from_stream(futures_util::stream::iter([Ok(Bytes::from_static(b"x"))]));
        assert!(file.part().is_ok());
        match file.clone().part() {
            Err(Error::Request(message)) => assert!(message.contains("cannot be sent again"), "{message}"),
            other => panic!("a second send must fail, not {:?}", other.map(|_| ())),
        }
    }
}

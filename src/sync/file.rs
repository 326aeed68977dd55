//! The change file: what one laptop hands another (on a USB stick, in a shared folder, by
//! email). Independent of the transport: the same payload could travel over HTTP.
//!
//! Layout: the magic `BBSYNC`, the format version (2 bytes, big-endian), the SHA-256 of
//! everything after it (32 bytes), the payload's length before compression (8 bytes,
//! big-endian), then the payload: JSON ([`Payload`]) compressed with DEFLATE. Reading
//! checks all of it before anything is applied: a truncated, damaged or altered file is
//! refused whole, and so is a file from a newer Backbone.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The change file format this app writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// The file name extension of change files.
pub const EXTENSION: &str = "bbsync";

const MAGIC: &[u8; 6] = b"BBSYNC";
const HEADER: usize = 6 + 2 + 32 + 8;
/// The largest payload a file may claim (a guard against a forged length).
const MAX_PAYLOAD: u64 = 4 << 30;

/// A version vector: for each replica, the newest change seen from it.
pub type VersionVector = BTreeMap<String, String>;

/// The contents of a change file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// The schema version of the store that wrote it.
    pub schema: i64,
    /// The sender's replica id and name.
    pub sender: String,
    pub sender_name: Option<String>,
    pub created_at: String,
    /// The replica the file was made for, if any.
    pub for_replica: Option<String>,
    /// Everything the sender had when it wrote the file.
    pub version_vector: VersionVector,
    /// What the sender assumed the receiver already had: the file holds every change
    /// the sender had after it (empty: every change).
    pub base: VersionVector,
    /// Tables, origins, authors and contexts the changes refer to by index.
    pub tables: Vec<String>,
    pub origins: Vec<String>,
    pub authors: Vec<String>,
    pub contexts: Vec<VersionVector>,
    /// The row ids that fields ending in `_id` refer to: such a field holding a number
    /// holds an index into this list.
    #[serde(default)]
    pub ids: Vec<String>,
    /// The changes, oldest first by (hlc, origin).
    pub changes: Vec<WireChange>,
}

/// One change as it travels: (table index, row id, op, hlc, origin index, context index,
/// author index or null, when it was made, the fields it wrote).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireChange(
    pub u32,
    pub String,
    pub String,
    pub String,
    pub u32,
    pub u32,
    pub Option<u32>,
    pub String,
    pub serde_json::Map<String, serde_json::Value>,
);

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    NotChangeFile,
    Truncated,
    NewerFormat(u16),
    Damaged,
    Unreadable(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::NotChangeFile => write!(f, "this is not a Backbone change file"),
            FileError::Truncated => write!(
                f,
                "the change file is incomplete (cut short while being copied?); nothing was applied"
            ),
            FileError::NewerFormat(v) => write!(
                f,
                "the change file was written by a newer version of Backbone (change file format {v}; this app reads up to {FORMAT_VERSION}): update Backbone to read it"
            ),
            FileError::Damaged => write!(
                f,
                "the change file is damaged or was altered (its checksum does not match); nothing was applied"
            ),
            FileError::Unreadable(why) => {
                write!(f, "the change file cannot be read ({why}); nothing was applied")
            }
        }
    }
}

/// The bytes of a change file holding `payload`.
pub fn encode(payload: &Payload) -> Vec<u8> {
    let json = serde_json::to_vec(payload).expect("a payload always serialises");
    // The fastest level: 100,000 values make 3.3 MB instead of 3.0 MB, written in a
    // tenth of the time.
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 1);
    let mut body = Vec::with_capacity(8 + packed.len());
    body.extend_from_slice(&(json.len() as u64).to_be_bytes());
    body.extend_from_slice(&packed);
    let mut out = Vec::with_capacity(HEADER + packed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    out.extend_from_slice(&Sha256::digest(&body));
    out.extend_from_slice(&body);
    out
}

/// Reads a change file's bytes, checking everything.
pub fn decode(bytes: &[u8]) -> Result<Payload, FileError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(FileError::NotChangeFile);
    }
    if bytes.len() < HEADER {
        return Err(FileError::Truncated);
    }
    let version = u16::from_be_bytes([bytes[6], bytes[7]]);
    if version > FORMAT_VERSION {
        return Err(FileError::NewerFormat(version));
    }
    let sum = &bytes[8..40];
    let body = &bytes[40..];
    let length = u64::from_be_bytes(body[..8].try_into().expect("8 bytes"));
    if Sha256::digest(body).as_slice() != sum {
        // A file cut short fails its checksum too; say which it most likely is.
        let packed = &body[8..];
        return Err(
            match miniz_oxide::inflate::decompress_to_vec_with_limit(
                packed,
                length.min(MAX_PAYLOAD) as usize,
            ) {
                Err(e)
                    if e.status == miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress =>
                {
                    FileError::Truncated
                }
                _ => FileError::Damaged,
            },
        );
    }
    if length > MAX_PAYLOAD {
        return Err(FileError::Unreadable(format!(
            "it claims {length} bytes of changes"
        )));
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&body[8..], length as usize)
        .map_err(|e| FileError::Unreadable(format!("decompression failed: {:?}", e.status)))?;
    if json.len() as u64 != length {
        return Err(FileError::Truncated);
    }
    parse(&json).map_err(|e| FileError::Unreadable(e.to_string()))
}

/// A payload as read, its changes not parsed yet.
#[derive(Deserialize)]
struct RawPayload<'a> {
    schema: i64,
    sender: String,
    sender_name: Option<String>,
    created_at: String,
    for_replica: Option<String>,
    version_vector: VersionVector,
    base: VersionVector,
    tables: Vec<String>,
    origins: Vec<String>,
    authors: Vec<String>,
    contexts: Vec<VersionVector>,
    #[serde(default)]
    ids: Vec<String>,
    #[serde(borrow)]
    changes: &'a serde_json::value::RawValue,
}

/// Parses a payload's JSON; a long list of changes is parsed in two halves at once (on
/// the two cores of a modest laptop that takes about half the time).
fn parse(json: &[u8]) -> serde_json::Result<Payload> {
    let raw: RawPayload = serde_json::from_slice(json)?;
    let list = raw.changes.get();
    let changes = match middle_comma(list) {
        Some(at) if list.len() > 1 << 20 => {
            let (head, tail) = (format!("{}]", &list[..at]), format!("[{}", &list[at + 1..]));
            let (first, second) = std::thread::scope(|scope| {
                let second = scope.spawn(|| serde_json::from_str::<Vec<WireChange>>(&tail));
                let first = serde_json::from_str::<Vec<WireChange>>(&head);
                (first, second.join().expect("parsing never panics"))
            });
            let mut changes = first?;
            changes.extend(second?);
            changes
        }
        _ => serde_json::from_str(list)?,
    };
    Ok(Payload {
        schema: raw.schema,
        sender: raw.sender,
        sender_name: raw.sender_name,
        created_at: raw.created_at,
        for_replica: raw.for_replica,
        version_vector: raw.version_vector,
        base: raw.base,
        tables: raw.tables,
        origins: raw.origins,
        authors: raw.authors,
        contexts: raw.contexts,
        ids: raw.ids,
        changes,
    })
}

/// The position of a comma between two items of a JSON array (given as valid JSON text)
/// nearest after its middle, if it has two items or more.
fn middle_comma(list: &str) -> Option<usize> {
    let half = list.len() / 2;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in list.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 && i >= half => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> Payload {
        let mut fields = serde_json::Map::new();
        fields.insert("name".into(), "Reading".into());
        Payload {
            schema: 7,
            sender: "a".into(),
            sender_name: Some("Ana".into()),
            created_at: "2026-11-24T10:00:00.000Z".into(),
            for_replica: None,
            version_vector: [("a".to_string(), "0000000003e80000".to_string())].into(),
            base: VersionVector::new(),
            tables: vec!["measures".into()],
            origins: vec!["a".into()],
            authors: vec!["Ana".into()],
            contexts: vec![VersionVector::new()],
            ids: Vec::new(),
            changes: vec![WireChange(
                0,
                "m1".into(),
                "update".into(),
                "0000000003e80000".into(),
                0,
                0,
                Some(0),
                "2026-11-24T10:00:00.000Z".into(),
                fields,
            )],
        }
    }

    #[test]
    fn a_long_list_of_changes_parses_in_halves_to_the_same_payload() {
        let mut long = payload();
        let tricky = ["a, b", "[x]", "{\"y\": \"],\"}", "back\\slash\\", ""];
        long.changes = (0..40_000)
            .map(|n| {
                let mut c = long.changes[0].clone();
                c.1 = format!("m{n}");
                c.8.insert("name".into(), tricky[n % tricky.len()].into());
                c
            })
            .collect();
        let json = serde_json::to_vec(&long).unwrap();
        assert!(json.len() > 1 << 20, "long enough to be split");
        let list = std::str::from_utf8(&json).unwrap();
        let at = middle_comma(&list[list.find("\"changes\":").unwrap() + 10..]).unwrap();
        assert!(at > 0);
        assert_eq!(parse(&json).unwrap(), long);
        assert_eq!(decode(&encode(&long)).unwrap(), long);
        assert_eq!(middle_comma("[]"), None);
        assert_eq!(middle_comma("[1]"), None);
        assert_eq!(middle_comma("[1,2]"), Some(2));
        assert_eq!(middle_comma(r#"["a,b","c"]"#), Some(6));
    }

    #[test]
    fn round_trips_and_refuses_damage() {
        let bytes = encode(&payload());
        assert_eq!(decode(&bytes).unwrap(), payload());
        assert_eq!(decode(&bytes[..bytes.len() - 5]), Err(FileError::Truncated));
        assert_eq!(decode(&bytes[..20]), Err(FileError::Truncated));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(matches!(
            decode(&flipped),
            Err(FileError::Damaged | FileError::Truncated)
        ));
        let mut newer = bytes.clone();
        newer[7] = 9;
        assert_eq!(decode(&newer), Err(FileError::NewerFormat(9)));
        assert_eq!(decode(b"id,name\n1,x\n"), Err(FileError::NotChangeFile));
    }
}

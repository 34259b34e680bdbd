//! Files as they cross the contract: a path relative to a folder and its bytes, carried as a
//! base64 string (not a JSON array of numbers), plus the one rule for paths inside a folder.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest file an import reads (an ADR, a catalog file): bigger ones are refused by name.
pub const IMPORT_FILE_MAX_BYTES: usize = 5 * 1024 * 1024;

/// Raw bytes that travel as standard base64 text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FileBytes(pub Vec<u8>);

impl FileBytes {
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes as text, when they are UTF-8 (exports of Markdown, TOML and JSON always are).
    pub fn as_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(bytes: Vec<u8>) -> Self {
        FileBytes(bytes)
    }
}

impl From<String> for FileBytes {
    fn from(text: String) -> Self {
        FileBytes(text.into_bytes())
    }
}

impl From<&str> for FileBytes {
    fn from(text: &str) -> Self {
        FileBytes(text.as_bytes().to_vec())
    }
}

impl Serialize for FileBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for FileBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map(FileBytes)
            .map_err(|e| serde::de::Error::custom(format!("file contents are not valid base64: {e}")))
    }
}

/// One file: where it sits in its folder (`/`-separated, relative) and what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileContents {
    pub path: String,
    pub content: FileBytes,
}

impl FileContents {
    pub fn new(path: impl Into<String>, content: impl Into<FileBytes>) -> Self {
        FileContents { path: path.into(), content: content.into() }
    }
}

/// A file a front should save: the engine never writes a path a caller names, so exports come
/// back as these and each front writes them (the CLI into a folder, the browser as a download,
/// the desktop through its save dialog).
pub type ExportedFile = FileContents;

/// Normalises a path inside a chosen folder to `a/b/c.md`: backslashes become `/`, empty and
/// `.` segments go. Absolute paths, drive letters and `..` are refused with the path named, so
/// nothing imported can point outside its folder.
pub fn normalise_folder_path(path: &str) -> Result<String, String> {
    let unified = path.replace('\\', "/");
    let refuse = |why: &str| Err(format!("`{path}` {why}; paths must stay inside the folder"));
    if unified.starts_with('/') {
        return refuse("is an absolute path");
    }
    let bytes = unified.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return refuse("names a drive");
    }
    let mut parts = Vec::new();
    for segment in unified.split('/') {
        match segment {
            "" | "." => {}
            ".." => return refuse("climbs out with `..`"),
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return Err(format!("`{path}` names no file"));
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_travel_as_base64_text_and_back() {
        let file = FileContents::new("a/b.bin", vec![0u8, 255, 10, 13]);
        let json = serde_json::to_string(&file).unwrap();
        assert_eq!(json, r#"{"path":"a/b.bin","content":"AP8KDQ=="}"#);
        assert_eq!(serde_json::from_str::<FileContents>(&json).unwrap(), file);
        let bad = serde_json::from_str::<FileContents>(r#"{"path":"x","content":"***"}"#).unwrap_err();
        assert!(bad.to_string().contains("not valid base64"), "{bad}");
    }

    #[test]
    fn folder_paths_are_normalised_and_escapes_refused() {
        assert_eq!(normalise_folder_path("doc\\adr\\./0001-x.md").unwrap(), "doc/adr/0001-x.md");
        assert_eq!(normalise_folder_path("./a//b.md").unwrap(), "a/b.md");
        for bad in ["/etc/passwd", "../secret.md", "a/../../b.md", "C:\\x.md", "", "./"] {
            let error = normalise_folder_path(bad).unwrap_err();
            assert!(error.contains(&format!("`{bad}`")), "{error}");
        }
    }
}

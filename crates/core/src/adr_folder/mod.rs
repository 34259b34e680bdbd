//! ADR folders as teams keep them in git: reading a folder's files (the CLI's side of
//! `adr import`), parsing each flavor, and rendering decisions back to files.

pub mod parse;
pub mod render;

use archboard_types::adr_folder::ImportFile;
use std::path::Path;

/// Files that sit in ADR folders but are not decisions.
pub fn is_decision_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.ends_with(".md")
        && !matches!(name.as_str(), "readme.md" | "index.md" | "template.md" | "adr-template.md")
}

/// Reads a folder for import: every `.md` file below it plus `.adr-dir` and `.log4brains.yml`,
/// with paths relative to `root`. Files are read up to just past the 5 MB limit, so an
/// oversized one is still reported by name rather than loaded whole.
pub fn read_folder(root: &Path) -> std::io::Result<Vec<ImportFile>> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot read the folder {}: {e}", dir.display()))
        })?;
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" {
                    pending.push(path);
                }
                continue;
            }
            let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if !(name.ends_with(".md") || name == ".adr-dir" || name == ".log4brains.yml") {
                continue;
            }
            use std::io::Read;
            let mut content = Vec::new();
            std::fs::File::open(&path)?.take(parse::FILE_MAX_BYTES as u64 + 1).read_to_end(&mut content)?;
            files.push(ImportFile { path: relative, content });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

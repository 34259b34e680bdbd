//! Reading a folder a person picked (an ADR or catalog folder) into the contract's file
//! contents, for the fronts that can see the disk: the CLI and the desktop shell's folder sync.
//! Services never call this: they get files as contents, whichever front read them.

use archboard_types::adr_folder::{ImportFile, is_adr_folder_file};
use archboard_types::files::IMPORT_FILE_MAX_BYTES;
use std::io::Read;
use std::path::Path;

/// Every file under `root` whose name `wanted` accepts, as paths relative to `root`, sorted.
/// Hidden folders, `node_modules` and `target` are skipped. Each file is read up to
/// `max_bytes + 1` bytes, so the engine can refuse an oversized file without reading all of it.
/// A single file may be given instead of a folder.
pub fn read_tree(
    root: &Path,
    wanted: &dyn Fn(&str) -> bool,
    max_bytes: usize,
) -> std::io::Result<Vec<ImportFile>> {
    let read = |path: &Path, relative: String| -> std::io::Result<ImportFile> {
        let mut content = Vec::new();
        std::fs::File::open(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))?
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut content)?;
        Ok(ImportFile::new(relative, content))
    };
    if root.is_file() {
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        return Ok(vec![read(root, name)?]);
    }
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
            let kind = entry.file_type()?;
            // A link could point anywhere on the machine (`0042-x.md -> ~/.aws/credentials`);
            // only what is really inside the folder is read.
            if kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" {
                    pending.push(path);
                }
                continue;
            }
            if wanted(&name) {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                files.push(read(&path, relative)?);
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Reads an ADR folder for import: the files `is_adr_folder_file` names, relative to `root`.
/// Files are read up to just past the size limit, so an oversized one is still reported by
/// name rather than loaded whole.
pub fn read_adr_folder(root: &Path) -> std::io::Result<Vec<ImportFile>> {
    read_tree(root, &is_adr_folder_file, IMPORT_FILE_MAX_BYTES)
}

/// Reads a catalog folder (or one file) for import: its TOML files.
pub fn read_catalog_folder(root: &Path) -> std::io::Result<Vec<ImportFile>> {
    read_tree(root, &|name| name.ends_with(".toml"), IMPORT_FILE_MAX_BYTES)
}

//! The CLI's side of "files as contents": reading folders and files the user names (ADR and
//! catalog folders, a benchmark body) into the contract's file types to upload, and writing
//! exported files where the user asked. The engine never opens a path a caller names.

use std::path::Path;

pub use archboard_engine::folders::{read_adr_folder, read_catalog_folder};

/// Writes exported files into `dir` (created as needed), each at its relative path, refusing
/// a path that would land outside it.
pub fn write_files(dir: &Path, files: &[archboard_types::files::FileContents]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display())))?;
    for file in files {
        let relative = archboard_types::files::normalise_folder_path(&file.path)
            .map_err(|message| std::io::Error::new(std::io::ErrorKind::InvalidInput, message))?;
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, file.content.as_slice())
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Writes one exported file at exactly `path` (`bench export -o FILE`): the user chose the
/// name, so the export's own is not used. Goes through [`write_files`] so every export lands on
/// disk the same way.
pub fn write_file(path: &Path, file: &archboard_types::files::FileContents) -> std::io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{} names no file", path.display()))
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let named = archboard_types::files::FileContents {
        path: name.to_string_lossy().into_owned(),
        content: file.content.clone(),
    };
    write_files(dir, std::slice::from_ref(&named))
}

/// Reads a file a command names, as contents to upload (a benchmark's body, an ONNX model).
pub fn read_upload(path: &Path) -> std::io::Result<archboard_types::files::FileContents> {
    let content = std::fs::read(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(archboard_types::files::FileContents::new(name, content))
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::files::FileContents;

    #[test]
    fn exports_land_inside_the_folder_and_escapes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_files(&out, &[FileContents::new("doc/adr/0001-a.md", "# A\n")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("doc/adr/0001-a.md")).unwrap(), "# A\n");
        let error = write_files(&out, &[FileContents::new("../escape.md", "x")]).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
        assert!(!dir.path().join("escape.md").exists());
    }

    #[test]
    fn one_export_is_written_at_the_path_given_not_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new-folder/run.json");
        write_file(&path, &FileContents::new("bench-123.json", "{}")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
        assert!(!dir.path().join("new-folder/bench-123.json").exists());
    }

    #[test]
    fn uploads_carry_the_file_name_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("body.json");
        std::fs::write(&path, b"{\"x\":1}").unwrap();
        let upload = read_upload(&path).unwrap();
        assert_eq!((upload.path.as_str(), upload.content.as_slice()), ("body.json", &b"{\"x\":1}"[..]));
        let missing = read_upload(&dir.path().join("nope")).unwrap_err();
        assert!(missing.to_string().contains("cannot read"), "{missing}");
    }
}

//! Credentials for benchmark targets, read at run time and never stored: `env:NAME` reads an
//! environment variable, `file:NAME` an entry of `credentials.toml` in Archboard's config folder
//! (or `ARCHBOARD_CREDENTIALS`), which must be readable by its owner only.

use archboard_types::ApiError;
use std::path::PathBuf;

/// Where the credentials file lives.
pub fn credentials_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ARCHBOARD_CREDENTIALS") {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "archboard").map(|dirs| dirs.config_dir().join("credentials.toml"))
}

/// The secret a reference names. Errors name the reference, never a value.
pub fn resolve_secret(reference: &str) -> Result<String, ApiError> {
    let field = "target.auth";
    if let Some(name) = reference.strip_prefix("env:") {
        return std::env::var(name.trim()).ok().filter(|v| !v.is_empty()).ok_or_else(|| {
            ApiError::validation(field, format!("The environment variable `{}` is not set.", name.trim()))
        });
    }
    if let Some(name) = reference.strip_prefix("file:") {
        let path = credentials_path().ok_or_else(|| {
            ApiError::validation(field, "There is no config folder to hold a credentials file.")
        })?;
        return read_entry(&path, name.trim());
    }
    Err(ApiError::validation(
        field,
        format!("`{reference}` does not say where the secret is: write `env:NAME` or `file:NAME`."),
    ))
}

fn read_entry(path: &std::path::Path, name: &str) -> Result<String, ApiError> {
    let field = "target.auth";
    let meta = std::fs::metadata(path).map_err(|e| {
        ApiError::validation(field, format!("Cannot read the credentials file {}: {e}.", path.display()))
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(ApiError::validation(
                field,
                format!(
                    "The credentials file {} can be read by others (mode {:o}); run `chmod 600` on it first.",
                    path.display(),
                    mode & 0o777
                ),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(path).map_err(|e| {
        ApiError::validation(field, format!("Cannot read the credentials file {}: {e}.", path.display()))
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        ApiError::validation(
            field,
            format!("The credentials file {} is not TOML: {}", path.display(), e.message()),
        )
    })?;
    table.get(name).and_then(|v| v.as_str()).map(str::to_owned).ok_or_else(|| {
        ApiError::validation(
            field,
            format!("The credentials file {} has no text entry `{name}`.", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credentials_file_others_can_read_is_refused_and_an_owner_only_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        std::fs::write(&path, "staging = \"s3cret\"\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let error = read_entry(&path, "staging").unwrap_err();
            assert!(error.message.contains("chmod 600") && !error.message.contains("s3cret"), "{error}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(read_entry(&path, "staging").unwrap(), "s3cret");
        let missing = read_entry(&path, "prod").unwrap_err();
        assert!(missing.message.contains("`prod`"), "{missing}");
    }

    #[test]
    fn references_must_say_where_the_secret_is() {
        assert!(resolve_secret("hunter2").unwrap_err().message.contains("env:NAME"));
        let error = resolve_secret("env:ARCHBOARD_TEST_SURELY_UNSET").unwrap_err();
        assert!(error.message.contains("ARCHBOARD_TEST_SURELY_UNSET"));
    }
}

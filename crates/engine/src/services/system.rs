//! Operations about the app itself.

use super::{Services, db_error};
use archboard_types::ApiError;
use archboard_types::system::{AppInfo, Empty};

impl Services {
    pub fn app_info(&mut self, _: Empty) -> Result<AppInfo, ApiError> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database_path: self.database_path().display().to_string(),
            adr_count: archboard_db::adr::count(self.db.conn()).map_err(db_error)?,
            adapter: self.adapter.as_str().to_owned(),
            log_path: crate::logging::log_file().map(|path| path.display().to_string()),
        })
    }

    pub fn audit_list(
        &mut self,
        query: archboard_types::audit::AuditQuery,
    ) -> Result<Vec<archboard_types::audit::AuditEntry>, ApiError> {
        archboard_db::audit::list(self.db.conn(), &query).map_err(db_error)
    }
}

//! Metric sources (Prometheus servers, JSON endpoints) and the bindings that feed a KPI for a
//! scope from a query on one. Secrets are `env:` / `file:` references, resolved only when a
//! query runs; a source that would store a secret is refused.

use super::kpi::{check_scope, kpi_item};
use super::{Services, db_error};
use archboard_db::Connection;
use archboard_db::kpi::{self as store, StoredSource};
use archboard_metrics::{Auth, Endpoint, JsonSelect, QueryError, RetryPolicy};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::kpi::{
    Binding, BindingEdit, BindingListQuery, BindingRef, DataSource, RESERVED_SOURCE_NAMES, Scope, SourceAuth,
    SourceEdit, SourceKind, SourceRef, SourceTestRequest, SourceTestResult, SyncError, SyncStatus,
    fill_query, is_secret_reference,
};
use archboard_types::system::Empty;
use chrono::{DateTime, Utc};

pub(crate) const DEFAULT_TIMEOUT_S: u32 = 10;
const MAX_TIMEOUT_S: u32 = 300;
pub(crate) const DEFAULT_STEP_S: u32 = 3600;
/// Prometheus accepts finer steps, but a KPI measured more often than each minute is noise.
const MIN_STEP_S: u32 = 60;
const NAME_MAX_CHARS: usize = 64;
const QUERY_MAX_CHARS: usize = 10_000;

impl Services {
    pub fn source_add(&mut self, edit: SourceEdit) -> Result<DataSource, ApiError> {
        let edit = checked_source(edit)?;
        self.check_ca_file(&edit)?;
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        if store::get_source(self.db.conn(), &edit.name).map_err(db_error)?.is_some() {
            return Err(ApiError::conflict(format!("There is already a source named `{}`.", edit.name)));
        }
        let stored = StoredSource {
            next_run: edit.interval_minutes.map(|m| now + chrono::Duration::minutes(m.into())),
            config: edit,
            status: SyncStatus::default(),
            updated_at: now,
            changed_by: Some(by),
        };
        self.write(|tx| {
            store::put_source(tx, &stored).map_err(db_error)?;
            tx.audit(
                AuditEntity::DataSource,
                &stored.config.name,
                AuditAction::Create,
                None,
                Some(&stored.config),
            )
        })?;
        self.source_get(SourceRef { name: stored.config.name })
    }

    pub fn source_update(&mut self, edit: SourceEdit) -> Result<DataSource, ApiError> {
        let edit = checked_source(edit)?;
        self.check_ca_file(&edit)?;
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let before = source_row(self.db.conn(), &edit.name)?;
        if before.config.kind != edit.kind {
            return Err(ApiError::validation("kind", "A source keeps its kind; add a new source instead."));
        }
        let stored = StoredSource {
            next_run: edit.interval_minutes.map(|m| now + chrono::Duration::minutes(m.into())),
            config: edit,
            status: before.status.clone(),
            updated_at: now,
            changed_by: Some(by),
        };
        self.write(|tx| {
            store::put_source(tx, &stored).map_err(db_error)?;
            tx.audit(
                AuditEntity::DataSource,
                &stored.config.name,
                AuditAction::Update,
                Some(&before.config),
                Some(&stored.config),
            )
        })?;
        self.source_get(SourceRef { name: stored.config.name })
    }

    pub fn source_list(&mut self, _: Empty) -> Result<Vec<DataSource>, ApiError> {
        let conn = self.db.conn();
        let bindings = store::list_bindings(conn).map_err(db_error)?;
        Ok(store::list_sources(conn)
            .map_err(db_error)?
            .into_iter()
            .map(|s| {
                let count = bindings.iter().filter(|b| b.source == s.config.name).count() as u32;
                view(s, count)
            })
            .collect())
    }

    pub fn source_get(&mut self, request: SourceRef) -> Result<DataSource, ApiError> {
        let conn = self.db.conn();
        let stored = source_row(conn, &request.name)?;
        let count =
            store::list_bindings(conn).map_err(db_error)?.iter().filter(|b| b.source == request.name).count();
        Ok(view(stored, count as u32))
    }

    pub fn source_remove(&mut self, request: SourceRef) -> Result<Empty, ApiError> {
        let before = source_row(self.db.conn(), &request.name)?;
        self.write(|tx| {
            store::delete_source(tx, &request.name).map_err(db_error)?;
            tx.audit(AuditEntity::DataSource, &request.name, AuditAction::Delete, Some(&before.config), None)
        })?;
        Ok(Empty {})
    }

    /// Runs one instant query (or one JSON fetch) now and says what came back; writes nothing.
    pub fn source_test(&mut self, request: SourceTestRequest) -> Result<SourceTestResult, ApiError> {
        let now = self.now();
        let stored = source_row(self.db.conn(), &request.name)?;
        let (team, system) = match &request.scope {
            Some(scope) => {
                let facts = check_scope(self.db.conn(), scope)?;
                (facts.team, facts.system)
            }
            None => (None, None),
        };
        let query = request.query.clone().unwrap_or_else(|| match stored.config.kind {
            SourceKind::Prometheus => "vector(time())".into(),
            SourceKind::Json => String::new(),
        });
        let filled = fill_query(&query, team.as_deref(), system.as_deref());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ApiError::internal(format!("cannot start the network runtime: {e}")))?;
        let outcome = runtime.block_on(test_query(&stored.config, &filled, now));
        Ok(match outcome {
            Ok((value, at, series, warnings)) => {
                SourceTestResult { query: filled, ok: true, value, at, series, warnings, error: None }
            }
            Err(error) => SourceTestResult {
                query: filled,
                ok: false,
                value: None,
                at: None,
                series: 0,
                warnings: vec![],
                error: Some(sync_error(&error, now)),
            },
        })
    }

    pub fn binding_add(&mut self, edit: BindingEdit) -> Result<Binding, ApiError> {
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let conn = self.db.conn();
        let kpi = kpi_item(conn, &edit.kpi)?;
        check_scope(conn, &edit.scope)?;
        source_row(conn, &edit.source)?;
        let query = edit.query.trim().to_string();
        if query.is_empty() {
            return Err(ApiError::validation("query", "Give the query that yields the KPI's value."));
        }
        if query.chars().count() > QUERY_MAX_CHARS {
            return Err(ApiError::validation(
                "query",
                format!("Keep the query under {QUERY_MAX_CHARS} characters."),
            ));
        }
        let step_s = edit.step_s.unwrap_or(DEFAULT_STEP_S);
        if step_s < MIN_STEP_S {
            return Err(ApiError::validation(
                "step_s",
                format!("The step must be at least {MIN_STEP_S} seconds."),
            ));
        }
        let binding = Binding {
            id: 0,
            kpi: kpi.key,
            scope: edit.scope,
            source: edit.source,
            query,
            aggregate: edit.aggregate,
            step_s,
            status: SyncStatus::default(),
            updated_at: now,
            changed_by: Some(by),
        };
        let id = self.write(|tx| {
            let id = store::put_binding(tx, &binding).map_err(db_error)?;
            tx.audit(AuditEntity::Binding, &id.to_string(), AuditAction::Create, None, Some(&binding))?;
            Ok(id)
        })?;
        store::get_binding(self.db.conn(), id)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::internal("a binding vanished"))
    }

    pub fn binding_list(&mut self, query: BindingListQuery) -> Result<Vec<Binding>, ApiError> {
        Ok(store::list_bindings(self.db.conn())
            .map_err(db_error)?
            .into_iter()
            .filter(|b| query.source.as_ref().is_none_or(|s| &b.source == s))
            .filter(|b| query.kpi.as_ref().is_none_or(|k| b.kpi == *k || b.kpi == format!("kpi.{k}")))
            .filter(|b| query.scope.as_ref().is_none_or(|s: &Scope| &b.scope == s))
            .collect())
    }

    pub fn binding_remove(&mut self, request: BindingRef) -> Result<Empty, ApiError> {
        let before = store::get_binding(self.db.conn(), request.id)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found(format!("There is no binding {}.", request.id)))?;
        self.write(|tx| {
            store::delete_binding(tx, request.id).map_err(db_error)?;
            tx.audit(AuditEntity::Binding, &request.id.to_string(), AuditAction::Delete, Some(&before), None)
        })?;
        Ok(Empty {})
    }
}

impl Services {
    /// A CA file is a path on the machine the engine runs on: fine for the person at it, but
    /// on a team server it would let any editor make the server read its own files.
    fn check_ca_file(&self, edit: &SourceEdit) -> Result<(), ApiError> {
        if edit.ca_file.is_some() && self.team_mode() {
            return Err(ApiError::validation(
                "ca_file",
                "A team server does not read files its users name: use a source whose certificate a public CA signed, or sync it from a desktop board.",
            ));
        }
        Ok(())
    }
}

pub(crate) fn source_row(conn: &Connection, name: &str) -> Result<StoredSource, ApiError> {
    store::get_source(conn, name.trim()).map_err(db_error)?.ok_or_else(|| {
        ApiError::validation("source", format!("There is no data source `{}` on this board.", name.trim()))
    })
}

fn view(stored: StoredSource, bindings: u32) -> DataSource {
    let c = stored.config;
    DataSource {
        name: c.name,
        kind: c.kind,
        url: c.url,
        auth: c.auth,
        ca_file: c.ca_file,
        timeout_s: c.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S),
        json: c.json,
        interval_minutes: c.interval_minutes,
        status: stored.status,
        next_run: stored.next_run,
        bindings,
        updated_at: stored.updated_at,
        changed_by: stored.changed_by,
    }
}

/// Checks a source as edited: a name that is not a reserved word, an http(s) URL, secrets only
/// as references, a sensible timeout, pointers for a JSON endpoint.
fn checked_source(mut edit: SourceEdit) -> Result<SourceEdit, ApiError> {
    edit.name = edit.name.trim().to_string();
    edit.url = edit.url.trim().trim_end_matches('/').to_string();
    let name_ok = !edit.name.is_empty()
        && edit.name.chars().count() <= NAME_MAX_CHARS
        && edit.name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !name_ok {
        return Err(ApiError::validation(
            "name",
            format!("`{}`: a source name is 1–{NAME_MAX_CHARS} letters, digits, `-`, `_` or `.`.", edit.name),
        ));
    }
    if RESERVED_SOURCE_NAMES.contains(&edit.name.as_str()) {
        return Err(ApiError::validation(
            "name",
            format!("`{}` names measurements Archboard makes; pick another.", edit.name),
        ));
    }
    if !(edit.url.starts_with("http://") || edit.url.starts_with("https://")) || edit.url.len() < 10 {
        return Err(ApiError::validation(
            "url",
            format!("`{}` is not an http:// or https:// address.", edit.url),
        ));
    }
    if edit.url.contains('@') {
        return Err(ApiError::validation(
            "url",
            "Put credentials in the authentication, as env: or file: references, not in the URL.",
        ));
    }
    for (field, reference) in edit.auth.references() {
        if !is_secret_reference(reference) {
            return Err(ApiError::validation(
                field,
                "Give the secret as a reference, `env:NAME` or `file:NAME`: Archboard never stores secrets.",
            ));
        }
    }
    if let SourceAuth::Basic { user, .. } = &edit.auth
        && user.trim().is_empty()
    {
        return Err(ApiError::validation("auth.user", "Basic authentication needs a user name."));
    }
    if let Some(timeout) = edit.timeout_s
        && !(1..=MAX_TIMEOUT_S).contains(&timeout)
    {
        return Err(ApiError::validation(
            "timeout_s",
            format!("The timeout is 1 to {MAX_TIMEOUT_S} seconds."),
        ));
    }
    if edit.interval_minutes == Some(0) {
        return Err(ApiError::validation(
            "interval_minutes",
            "Sync at least every minute, or not on a schedule.",
        ));
    }
    match (edit.kind, &edit.json) {
        (SourceKind::Json, None) => {
            return Err(ApiError::validation(
                "json",
                "A JSON endpoint needs a pointer to the value (e.g. /data/value).",
            ));
        }
        (SourceKind::Json, Some(pointers)) => {
            for (field, pointer) in [
                ("json.value", Some(&pointers.value)),
                ("json.time", pointers.time.as_ref()),
                ("json.array", pointers.array.as_ref()),
            ] {
                if let Some(pointer) = pointer
                    && !(pointer.is_empty() || pointer.starts_with('/'))
                {
                    return Err(ApiError::validation(
                        field,
                        format!("`{pointer}` is not a JSON pointer: it starts with `/`."),
                    ));
                }
            }
        }
        (SourceKind::Prometheus, Some(_)) => edit.json = None,
        (SourceKind::Prometheus, None) => {}
    }
    Ok(edit)
}

/// The endpoint a source describes, its secrets read now.
pub(crate) fn endpoint(config: &SourceEdit) -> Result<Endpoint, QueryError> {
    let secret = |reference: &str| {
        archboard_loadgen::credentials::resolve_secret(reference).map_err(|e| QueryError::Config(e.message))
    };
    let auth = match &config.auth {
        SourceAuth::None => Auth::None,
        SourceAuth::Basic { user, password } => {
            Auth::Basic { user: user.clone(), password: secret(password)? }
        }
        SourceAuth::Bearer { token } => Auth::Bearer(secret(token)?),
        SourceAuth::Headers { headers } => Auth::Headers(
            headers
                .iter()
                .map(|h| Ok((h.name.clone(), secret(&h.value)?)))
                .collect::<Result<_, QueryError>>()?,
        ),
    };
    let ca_pem = match &config.ca_file {
        Some(path) => Some(
            std::fs::read(path)
                .map_err(|e| QueryError::Config(format!("cannot read the CA file {path}: {e}")))?,
        ),
        None => None,
    };
    Ok(Endpoint {
        base_url: config.url.clone(),
        auth,
        ca_pem,
        timeout: std::time::Duration::from_secs(config.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S).into()),
    })
}

pub(crate) fn json_select(config: &SourceEdit) -> JsonSelect {
    let pointers = config.json.clone().unwrap_or_default();
    JsonSelect { value_pointer: pointers.value, time_pointer: pointers.time, array_pointer: pointers.array }
}

pub(crate) fn sync_error(error: &QueryError, at: DateTime<Utc>) -> SyncError {
    SyncError { at, error_type: error.error_type().map(str::to_string), message: error.to_string() }
}

/// One query now: the newest value, its time, how many series, and the warnings.
async fn test_query(
    config: &SourceEdit,
    query: &str,
    now: DateTime<Utc>,
) -> Result<(Option<f64>, Option<DateTime<Utc>>, u32, Vec<String>), QueryError> {
    let endpoint = endpoint(config)?;
    let retry = RetryPolicy { attempts: 1, ..RetryPolicy::default() };
    match config.kind {
        SourceKind::Prometheus => {
            let client = archboard_metrics::PrometheusClient::new(endpoint, retry)?;
            let result = client.instant(query, None).await?;
            let newest = result.series.iter().flat_map(|s| s.points.last()).max_by_key(|p| p.at);
            Ok((newest.map(|p| p.value), newest.map(|p| p.at), result.series.len() as u32, result.warnings))
        }
        SourceKind::Json => {
            let client = archboard_metrics::JsonClient::new(endpoint, retry)?;
            let points = client.fetch(&json_select(config), now).await?;
            let newest = points.iter().max_by_key(|p| p.at);
            Ok((newest.map(|p| p.value), newest.map(|p| p.at), u32::from(!points.is_empty()), vec![]))
        }
    }
}

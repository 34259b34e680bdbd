//! The Data sources pages' pure logic: the source form (text as typed → `SourceEdit`), the
//! binding form (→ `BindingEdit`), backfill dates, and how a source's authentication reads.
//! Errors carry the field the engine would name (`url`, `auth.password`, `timeout_s`, …), so
//! they show beside the same input whichever side found them. Whether a reference is a
//! reference, a URL an address or a name allowed is the engine's (and the contract's) to say.

use crate::logic::kpi::parse_count;
use crate::logic::lists::parse_date;
use archboard_types::ApiError;
use archboard_types::catalog::Aggregate;
use archboard_types::kpi::{
    BindingEdit, DataSource, HeaderRef, JsonPointers, Scope, ScopeKind, SourceAuth, SourceEdit, SourceKind,
    SyncRequest,
};

/// The ways a source authenticates, as the form's select offers them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AuthChoice {
    #[default]
    None,
    Basic,
    Bearer,
    Headers,
}

impl AuthChoice {
    pub const ALL: [AuthChoice; 4] =
        [AuthChoice::None, AuthChoice::Basic, AuthChoice::Bearer, AuthChoice::Headers];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthChoice::None => "none",
            AuthChoice::Basic => "basic",
            AuthChoice::Bearer => "bearer",
            AuthChoice::Headers => "headers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuthChoice::None => "None",
            AuthChoice::Basic => "Basic (user and password)",
            AuthChoice::Bearer => "Bearer token",
            AuthChoice::Headers => "Headers",
        }
    }

    pub fn parse(text: &str) -> AuthChoice {
        AuthChoice::ALL.into_iter().find(|c| c.as_str() == text).unwrap_or_default()
    }

    pub fn of(auth: &SourceAuth) -> AuthChoice {
        match auth {
            SourceAuth::None => AuthChoice::None,
            SourceAuth::Basic { .. } => AuthChoice::Basic,
            SourceAuth::Bearer { .. } => AuthChoice::Bearer,
            SourceAuth::Headers { .. } => AuthChoice::Headers,
        }
    }
}

/// How a source's authentication reads in the list: the kind and the references, never a
/// secret (a source only ever holds references).
pub fn auth_summary(auth: &SourceAuth) -> String {
    match auth {
        SourceAuth::None => "none".to_owned(),
        SourceAuth::Basic { user, password } => format!("basic: {user} / {password}"),
        SourceAuth::Bearer { token } => format!("bearer: {token}"),
        SourceAuth::Headers { headers } => {
            let names: Vec<String> = headers.iter().map(|h| format!("{}: {}", h.name, h.value)).collect();
            format!("headers: {}", names.join(", "))
        }
    }
}

/// The source form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceForm {
    pub name: String,
    pub kind: SourceKind,
    pub url: String,
    pub auth: AuthChoice,
    pub user: String,
    /// `env:NAME` or `file:NAME`.
    pub password: String,
    pub token: String,
    /// One `Name: env:REFERENCE` per line.
    pub headers: String,
    pub ca_file: String,
    pub timeout_s: String,
    pub interval_minutes: String,
    pub json_value: String,
    pub json_time: String,
    pub json_array: String,
}

impl Default for SourceForm {
    fn default() -> Self {
        SourceForm {
            name: String::new(),
            kind: SourceKind::Prometheus,
            url: String::new(),
            auth: AuthChoice::None,
            user: String::new(),
            password: String::new(),
            token: String::new(),
            headers: String::new(),
            ca_file: String::new(),
            timeout_s: String::new(),
            interval_minutes: String::new(),
            json_value: String::new(),
            json_time: String::new(),
            json_array: String::new(),
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl SourceForm {
    /// The form filled with a stored source, for an edit.
    pub fn from_source(source: &DataSource) -> Self {
        let mut form = SourceForm {
            name: source.name.clone(),
            kind: source.kind,
            url: source.url.clone(),
            auth: AuthChoice::of(&source.auth),
            ca_file: source.ca_file.clone().unwrap_or_default(),
            timeout_s: source.timeout_s.to_string(),
            interval_minutes: source.interval_minutes.map(|m| m.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        match &source.auth {
            SourceAuth::None => {}
            SourceAuth::Basic { user, password } => {
                form.user = user.clone();
                form.password = password.clone();
            }
            SourceAuth::Bearer { token } => form.token = token.clone(),
            SourceAuth::Headers { headers } => {
                form.headers =
                    headers.iter().map(|h| format!("{}: {}", h.name, h.value)).collect::<Vec<_>>().join("\n");
            }
        }
        if let Some(json) = &source.json {
            form.json_value = json.value.clone();
            form.json_time = json.time.clone().unwrap_or_default();
            form.json_array = json.array.clone().unwrap_or_default();
        }
        form
    }

    /// The `source_add` / `source_update` request.
    pub fn to_edit(&self) -> Result<SourceEdit, ApiError> {
        let auth = match self.auth {
            AuthChoice::None => SourceAuth::None,
            AuthChoice::Basic => SourceAuth::Basic {
                user: self.user.trim().to_owned(),
                password: self.password.trim().to_owned(),
            },
            AuthChoice::Bearer => SourceAuth::Bearer { token: self.token.trim().to_owned() },
            AuthChoice::Headers => SourceAuth::Headers { headers: parse_headers(&self.headers)? },
        };
        let json = (self.kind == SourceKind::Json).then(|| JsonPointers {
            value: self.json_value.trim().to_owned(),
            time: optional(&self.json_time),
            array: optional(&self.json_array),
        });
        Ok(SourceEdit {
            name: self.name.trim().to_owned(),
            kind: self.kind,
            url: self.url.trim().to_owned(),
            auth,
            ca_file: optional(&self.ca_file),
            timeout_s: parse_count("timeout_s", &self.timeout_s)?,
            json,
            interval_minutes: parse_count("interval_minutes", &self.interval_minutes)?,
        })
    }
}

/// Header lines (`X-Scope-OrgID: env:ORG`) as header references; blank lines are skipped.
pub fn parse_headers(text: &str) -> Result<Vec<HeaderRef>, ApiError> {
    let mut headers = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or_else(|| {
            ApiError::validation(
                "auth.headers",
                format!("`{line}`: write a header as `Name: env:REFERENCE`."),
            )
        })?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || value.is_empty() {
            return Err(ApiError::validation(
                "auth.headers",
                format!("`{line}`: a header needs a name and a value."),
            ));
        }
        headers.push(HeaderRef { name: name.to_owned(), value: value.to_owned() });
    }
    if headers.is_empty() {
        return Err(ApiError::validation(
            "auth.headers",
            "Give at least one header, or choose no authentication.",
        ));
    }
    Ok(headers)
}

/// The binding form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingForm {
    pub kpi: String,
    pub scope_kind: ScopeKind,
    pub scope_key: String,
    pub query: String,
    /// An `Aggregate`'s wire name, or empty for the KPI's own.
    pub aggregate: String,
    pub step_s: String,
}

impl Default for BindingForm {
    fn default() -> Self {
        BindingForm {
            kpi: String::new(),
            scope_kind: ScopeKind::Team,
            scope_key: String::new(),
            query: String::new(),
            aggregate: String::new(),
            step_s: String::new(),
        }
    }
}

impl BindingForm {
    /// The scope chosen, once a team or system is.
    pub fn scope(&self) -> Option<Scope> {
        let key = self.scope_key.trim();
        (!key.is_empty()).then(|| Scope { kind: self.scope_kind, key: key.to_owned() })
    }

    /// The `binding_add` request for `source`.
    pub fn to_edit(&self, source: &str) -> Result<BindingEdit, ApiError> {
        if self.kpi.trim().is_empty() {
            return Err(ApiError::validation("kpi", "Choose the KPI this query feeds."));
        }
        let scope = self.scope().ok_or_else(|| {
            let field = match self.scope_kind {
                ScopeKind::Team => "team",
                ScopeKind::System => "system",
            };
            ApiError::validation(field, format!("Choose the {field} whose value the query gives."))
        })?;
        let aggregate = match self.aggregate.trim() {
            "" => None,
            text => Some(
                text.parse::<Aggregate>().map_err(|message| ApiError::validation("aggregate", message))?,
            ),
        };
        Ok(BindingEdit {
            kpi: self.kpi.trim().to_owned(),
            scope,
            source: source.to_owned(),
            query: self.query.trim().to_owned(),
            aggregate,
            step_s: parse_count("step_s", &self.step_s)?,
        })
    }
}

/// The `sync_start` request for `source`: now when both days are empty, else a backfill
/// (`to` may stay empty: up to today).
pub fn sync_request(source: &str, from: &str, to: &str) -> Result<SyncRequest, ApiError> {
    let from = parse_date(from).map_err(|message| ApiError::validation("from", message))?;
    let to = parse_date(to).map_err(|message| ApiError::validation("to", message))?;
    if from.is_none() && to.is_some() {
        return Err(ApiError::validation("from", "A backfill needs its first day as well."));
    }
    Ok(SyncRequest { source: Some(source.to_owned()), from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prometheus_source_with_basic_auth() {
        let form = SourceForm {
            name: " prom ".into(),
            url: " https://prom.example.com ".into(),
            auth: AuthChoice::Basic,
            user: "reader".into(),
            password: "env:PROM_PASSWORD".into(),
            timeout_s: "20".into(),
            interval_minutes: "".into(),
            json_value: "/ignored".into(),
            ..Default::default()
        };
        let edit = form.to_edit().unwrap();
        assert_eq!(edit.name, "prom");
        assert_eq!(edit.url, "https://prom.example.com");
        assert_eq!(
            edit.auth,
            SourceAuth::Basic { user: "reader".into(), password: "env:PROM_PASSWORD".into() }
        );
        assert_eq!(edit.timeout_s, Some(20));
        assert_eq!(edit.interval_minutes, None);
        assert_eq!(edit.json, None);
        assert_eq!(edit.ca_file, None);
    }

    #[test]
    fn a_json_source_keeps_its_pointers() {
        let form = SourceForm {
            name: "costs".into(),
            kind: SourceKind::Json,
            url: "https://costs.example.com/api".into(),
            auth: AuthChoice::Bearer,
            token: "file:/run/secrets/costs".into(),
            json_value: "/total".into(),
            json_array: "/items".into(),
            interval_minutes: "60".into(),
            ca_file: "/etc/ca.pem".into(),
            ..Default::default()
        };
        let edit = form.to_edit().unwrap();
        assert_eq!(
            edit.json,
            Some(JsonPointers { value: "/total".into(), time: None, array: Some("/items".into()) })
        );
        assert_eq!(edit.auth, SourceAuth::Bearer { token: "file:/run/secrets/costs".into() });
        assert_eq!(edit.interval_minutes, Some(60));
        assert_eq!(edit.ca_file.as_deref(), Some("/etc/ca.pem"));
    }

    #[test]
    fn bad_numbers_and_headers_name_their_field() {
        let form = SourceForm { timeout_s: "ten".into(), ..Default::default() };
        assert_eq!(form.to_edit().unwrap_err().field.as_deref(), Some("timeout_s"));
        let form = SourceForm { interval_minutes: "1.5".into(), ..Default::default() };
        assert_eq!(form.to_edit().unwrap_err().field.as_deref(), Some("interval_minutes"));
        let form = SourceForm { auth: AuthChoice::Headers, headers: "no colon".into(), ..Default::default() };
        assert_eq!(form.to_edit().unwrap_err().field.as_deref(), Some("auth.headers"));
        let headers = parse_headers("X-Org: env:ORG\n\n Authorization : file:tok ").unwrap();
        assert_eq!(headers.len(), 2);
        assert_eq!((headers[1].name.as_str(), headers[1].value.as_str()), ("Authorization", "file:tok"));
        assert!(parse_headers("  ").is_err());
    }

    #[test]
    fn a_stored_source_fills_the_form_again() {
        let form = SourceForm {
            name: "prom".into(),
            url: "https://prom.example.com".into(),
            auth: AuthChoice::Headers,
            headers: "X-Org: env:ORG".into(),
            timeout_s: "10".into(),
            ..Default::default()
        };
        let edit = form.to_edit().unwrap();
        let source = DataSource {
            name: edit.name.clone(),
            kind: edit.kind,
            url: edit.url.clone(),
            auth: edit.auth.clone(),
            ca_file: None,
            timeout_s: 10,
            json: None,
            interval_minutes: None,
            status: Default::default(),
            next_run: None,
            bindings: 0,
            updated_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            changed_by: None,
        };
        assert_eq!(SourceForm::from_source(&source), form);
        assert_eq!(auth_summary(&source.auth), "headers: X-Org: env:ORG");
        assert_eq!(AuthChoice::parse("bearer"), AuthChoice::Bearer);
        assert_eq!(AuthChoice::parse("?"), AuthChoice::None);
    }

    #[test]
    fn a_binding_needs_a_kpi_and_a_scope() {
        let mut form = BindingForm::default();
        assert_eq!(form.to_edit("prom").unwrap_err().field.as_deref(), Some("kpi"));
        form.kpi = "kpi.availability".into();
        assert_eq!(form.to_edit("prom").unwrap_err().field.as_deref(), Some("team"));
        form.scope_kind = ScopeKind::System;
        assert_eq!(form.to_edit("prom").unwrap_err().field.as_deref(), Some("system"));
        form.scope_key = "fraud-scoring".into();
        form.query = " avg_over_time(up{system=\"${system}\"}[1d]) ".into();
        form.aggregate = "p95".into();
        form.step_s = "600".into();
        let edit = form.to_edit("prom").unwrap();
        assert_eq!(edit.scope, Scope::system("fraud-scoring"));
        assert_eq!(edit.aggregate, Some(Aggregate::P95));
        assert_eq!(edit.step_s, Some(600));
        assert!(edit.query.starts_with("avg_over_time"));
        form.aggregate = "mode".into();
        assert_eq!(form.to_edit("prom").unwrap_err().field.as_deref(), Some("aggregate"));
    }

    #[test]
    fn a_sync_is_now_or_a_backfill() {
        assert_eq!(
            sync_request("prom", "", "").unwrap(),
            SyncRequest { source: Some("prom".into()), from: None, to: None }
        );
        let backfill = sync_request("prom", "2026-01-01", "").unwrap();
        assert_eq!(backfill.from.map(|d| d.to_string()).as_deref(), Some("2026-01-01"));
        assert_eq!(backfill.to, None);
        assert_eq!(sync_request("prom", "", "2026-02-01").unwrap_err().field.as_deref(), Some("from"));
        assert_eq!(sync_request("prom", "2026-01-01", "soon").unwrap_err().field.as_deref(), Some("to"));
    }
}

//! The name-based dispatcher, generated from the contract's endpoint table: the desktop shell
//! forwards `(name, JSON value)` and the HTTP mode `(name, raw JSON bytes)` here and get JSON or
//! an `ApiError` back. Before any operation runs, the caller's roles are checked against the
//! permission the table declares for it (403 naming the roles that would allow it). Each call runs inside a `tracing` span naming the operation and the front,
//! and internal errors are logged with their cause.

use crate::Services;
use crate::services::Caller;
use archboard_types::people::Permission;
use archboard_types::{ApiError, ErrorCode};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

macro_rules! generate_dispatch {
    ($(($ty:ident, $method:ident, $perm:ident, $req:ty, $resp:ty)),* $(,)?) => {
        impl Services {
            /// Runs the operation called `name` with a JSON request value.
            pub fn dispatch(&mut self, name: &str, body: Value) -> Result<Value, ApiError> {
                let _span = tracing::info_span!("dispatch", operation = name, front = self.adapter().as_str()).entered();
                let result = match name {
                    $(
                        stringify!($method) => {
                            self.authorize(name, Permission::$perm)?;
                            let request: $req = decode_value(name, body)?;
                            let response: $resp = self.$method(request)?;
                            encode_value(&response)
                        }
                    )*
                    _ => Err(unknown(name)),
                };
                log_failure(name, result)
            }

            /// Runs the operation called `name` with the request's raw JSON bytes, decoding them
            /// straight into the request type (no intermediate JSON tree) and answering JSON bytes.
            pub fn dispatch_json(&mut self, name: &str, body: &[u8]) -> Result<Vec<u8>, ApiError> {
                let _span = tracing::info_span!("dispatch", operation = name, front = self.adapter().as_str()).entered();
                let result = match name {
                    $(
                        stringify!($method) => {
                            self.authorize(name, Permission::$perm)?;
                            let request: $req = decode_bytes(name, body)?;
                            let response: $resp = self.$method(request)?;
                            encode_bytes(&response)
                        }
                    )*
                    _ => Err(unknown(name)),
                };
                log_failure(name, result)
            }

            /// [`Services::dispatch_json`] for `caller` (a team server's signed-in user): the
            /// permission check and the audit trail see them, and no one is left signed in after.
            pub fn dispatch_json_as(&mut self, caller: Caller, name: &str, body: &[u8]) -> Result<Vec<u8>, ApiError> {
                /// Puts the previous caller back however the operation ends (a panic included), so
                /// a pooled board never keeps the last request's user.
                struct Restore<'s>(&'s mut Services, Option<Caller>);
                impl Drop for Restore<'_> {
                    fn drop(&mut self) {
                        self.0.caller = self.1.take();
                    }
                }
                let previous = self.caller.replace(caller);
                let restore = Restore(self, previous);
                restore.0.dispatch_json(name, body)
            }
        }
    };
}

archboard_types::for_each_endpoint!(generate_dispatch);

fn unknown(name: &str) -> ApiError {
    ApiError::new(ErrorCode::UnknownEndpoint, format!("There is no operation called `{name}`."))
}

/// Refusals (validation, not found, conflicts) are answers, not faults: only internal errors
/// are logged, with their message, so the log says what broke.
fn log_failure<T>(name: &str, result: Result<T, ApiError>) -> Result<T, ApiError> {
    if let Err(error) = &result {
        if error.code == ErrorCode::Internal {
            tracing::error!(operation = name, cause = %error.message, "operation failed inside Archboard");
        } else {
            tracing::debug!(operation = name, code = ?error.code, message = %error.message, "operation refused");
        }
    }
    result
}

fn bad_request(name: &str, error: serde_json::Error) -> ApiError {
    ApiError::new(ErrorCode::BadRequest, format!("The request for `{name}` is not valid: {error}."))
}

/// Parses a request value; `null` counts as `{}` so argument-less calls can send nothing.
fn decode_value<T: DeserializeOwned>(name: &str, body: Value) -> Result<T, ApiError> {
    let body = if body.is_null() { Value::Object(Default::default()) } else { body };
    serde_json::from_value(body).map_err(|error| bad_request(name, error))
}

/// Parses request bytes; an empty body or `null` counts as `{}`.
fn decode_bytes<T: DeserializeOwned>(name: &str, body: &[u8]) -> Result<T, ApiError> {
    let trimmed = body.trim_ascii();
    let body: &[u8] = if trimmed.is_empty() || trimmed == b"null" { b"{}" } else { body };
    serde_json::from_slice(body).map_err(|error| bad_request(name, error))
}

fn encode_value<T: Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::internal(format!("cannot encode the response: {e}")))
}

fn encode_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::internal(format!("cannot encode the response: {e}")))
}

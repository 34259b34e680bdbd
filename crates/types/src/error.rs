//! `ApiError`: the single error shape every adapter returns (code, readable message, field).

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of failure happened; adapters map it to an HTTP status or an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request could not be parsed at all (malformed JSON, wrong shape).
    BadRequest,
    /// The request parsed but a value is not acceptable; `field` names it.
    Validation,
    /// The thing asked for does not exist.
    NotFound,
    /// The request conflicts with the current state (e.g. a forbidden status transition).
    Conflict,
    /// The caller did not present the session token.
    Unauthorized,
    /// The caller is known but their roles do not allow the operation; the message names the
    /// roles that would.
    Forbidden,
    /// Too many attempts (sign-in); try again later.
    TooManyRequests,
    /// No operation of that name exists.
    UnknownEndpoint,
    /// Something failed inside Archboard; the message says what.
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code is reported with by `archboard serve`.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::Validation => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::NotFound | ErrorCode::UnknownEndpoint => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::Internal => 500,
        }
    }
}

/// The one error type of the contract. `message` is written for a person; `field` names the
/// request field at fault when there is one, so a form can put the message beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self { code: ErrorCode::Validation, message: message.into(), field: Some(field.to_owned()) }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} (field `{field}`)", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ApiError {}

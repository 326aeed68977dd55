//! The core's error type and its IPC form.
//!
//! Every fallible core function returns [`Result`]. The desktop shell and the CLI turn an
//! [`Error`] into an [`ApiError`] (`{code, message, field}`), whose `code` is the
//! [`ErrorCode`] enum the UI branches on. Messages are written for the person using the app:
//! they say what was wrong and where (which field, which row, which file).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

/// Every way a core operation can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule: an empty name, a number that is not a number, a date that
    /// does not exist. `field` names the form field or grid cell it belongs to.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    /// A row that does not exist (or is in the trash where a live one is needed).
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },
    /// A file that is not a Backbone database.
    #[error("{path} is not a Backbone database: {reason}")]
    NotBackbone { path: PathBuf, reason: String },
    /// A database written by a newer version of Backbone.
    #[error(
        "{path} was written by a newer version of Backbone (schema {found}; this app knows up to {known}): update Backbone to open it"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// An action that clashes with the current state (restoring a row whose parent is in
    /// the trash, loading a second sample).
    #[error("{0}")]
    Conflict(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The user cancelled a long operation (an import); nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// A bug: an invariant the code relies on did not hold.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The core's result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A validation error on one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A validation error that belongs to no single field.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::Invalid {
            field: None,
            message: message.into(),
        }
    }

    /// The machine-readable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::NotBackbone { .. } => ErrorCode::NotBackbone,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database(_) => ErrorCode::Database,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }
}

/// What kind of failure an [`ApiError`] reports; the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    NotBackbone,
    SchemaTooNew,
    Conflict,
    Io,
    Database,
    Cancelled,
    Internal,
    /// A request the shell could not decode (a wrong type over IPC); made by the UI's
    /// backend seam from Tauri's own argument errors.
    InvalidRequest,
}

/// An error as it crosses IPC or is printed by the CLI as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The form field or grid cell the error belongs to, when there is one.
    pub field: Option<String>,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let field = match &e {
            Error::Invalid { field, .. } => field.clone(),
            _ => None,
        };
        ApiError {
            code: e.code(),
            message: e.to_string(),
            field,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_serialises_as_code_message_field() {
        let e: ApiError = Error::invalid("name", "A name is required").into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_input", "message": "A name is required", "field": "name"})
        );
    }

    #[test]
    fn not_found_names_what_and_id() {
        let e: ApiError = Error::NotFound {
            what: "partner",
            id: "abc".into(),
        }
        .into();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(e.message, "partner abc does not exist");
        assert_eq!(e.field, None);
    }

    #[test]
    fn schema_too_new_tells_the_user_what_to_do() {
        let e = Error::SchemaTooNew {
            path: "/tmp/x.backbone".into(),
            found: 9,
            known: 1,
        };
        assert_eq!(e.code(), ErrorCode::SchemaTooNew);
        assert!(e.to_string().contains("update Backbone"));
    }
}

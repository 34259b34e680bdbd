//! The name-based dispatcher, generated from the contract's endpoint table: the desktop shell
//! and the HTTP mode forward `(name, JSON body)` here and get JSON or an `ApiError` back.

use crate::Services;
use archboard_types::{ApiError, ErrorCode};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

macro_rules! generate_dispatch {
    ($(($ty:ident, $method:ident, $req:ty, $resp:ty)),* $(,)?) => {
        impl Services {
            /// Runs the operation called `name` with a JSON request body.
            pub fn dispatch(&mut self, name: &str, body: Value) -> Result<Value, ApiError> {
                match name {
                    $(
                        stringify!($method) => {
                            let request: $req = decode(name, body)?;
                            let response: $resp = self.$method(request)?;
                            encode(&response)
                        }
                    )*
                    _ => Err(ApiError::new(
                        ErrorCode::UnknownEndpoint,
                        format!("There is no operation called `{name}`."),
                    )),
                }
            }
        }
    };
}

archboard_types::for_each_endpoint!(generate_dispatch);

/// Parses a request body; `null` counts as `{}` so argument-less calls can send nothing.
fn decode<T: DeserializeOwned>(name: &str, body: Value) -> Result<T, ApiError> {
    let body = if body.is_null() { Value::Object(Default::default()) } else { body };
    serde_json::from_value(body).map_err(|error| {
        ApiError::new(ErrorCode::BadRequest, format!("The request for `{name}` is not valid: {error}."))
    })
}

fn encode<T: Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::internal(format!("cannot encode the response: {e}")))
}

//! The Archboard contract: every operation's name, request and response types, and the one
//! serialisable error. Shared by the engine, the desktop shell, the HTTP mode and the wasm UI.
#![forbid(unsafe_code)]

/// An enum whose variants travel and are stored as fixed words, with a label for people,
/// `ALL`, `Display` and a `FromStr` whose error names the choices.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal, $label:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The form stored in the database and written on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)* }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text.trim()).ok_or_else(|| {
                    let known: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    format!("unknown {} `{text}`; expected one of {}", stringify!($name), known.join(", "))
                })
            }
        }
    };
}

pub mod adr;
pub mod adr_collection;
pub mod adr_folder;
pub mod audit;
pub mod bench;
pub mod catalog;
pub mod endpoint;
pub mod error;
pub mod files;
pub mod interview;
pub mod job;
pub mod kpi;
pub mod maturity;
pub mod people;
pub mod report;
pub mod review;
pub mod system;

pub use endpoint::{ENDPOINT_NAMES, Endpoint};
pub use error::{ApiError, ErrorCode};

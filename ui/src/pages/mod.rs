//! One module per area; each page reads its place from the URL.

pub mod benchmarks;
pub mod catalog;
pub mod collections;
pub mod coming_soon;
pub mod connect;
pub mod decisions;
pub mod interviews;
pub mod reports;
pub mod reviews;
pub mod scorecards;
pub mod sources;
pub mod systems;
pub mod teams;
pub mod users;

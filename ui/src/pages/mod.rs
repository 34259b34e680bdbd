//! One module per area; each page reads its place from the URL.

pub mod benchmarks;
pub mod catalog;
pub mod coming_soon;
pub mod decisions;

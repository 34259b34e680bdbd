//! stub
use leptos::prelude::*;
#[component] pub fn BenchmarksPage() -> impl IntoView {}
#[component] pub fn ComparisonPage() -> impl IntoView {}
#[component] pub fn NoRun() -> impl IntoView {}
#[component] pub fn RunForm() -> impl IntoView {}
#[component] pub fn RunPage() -> impl IntoView {}

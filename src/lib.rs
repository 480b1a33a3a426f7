//! minsheng: Chinese government reports on livelihood projects (民生实事) → analytic tables.
//!
//! The stages, each a module with one job:
//! - [`ingest`]: bytes of one file → a cleaned [`model::Document`] with an offset map;
//! - [`extract`]: one document → its [`model::Fact`]s;
//! - `aggregate` (feature `tables`): all facts → indicators, year-over-year and plan-vs-actual
//!   tables, with polars.
//!
//! `pipeline` is the only orchestrator and the only place that touches files.

pub mod catalog;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod model;
pub mod schema;
pub mod synth;

#[cfg(feature = "tables")]
pub mod aggregate;
#[cfg(feature = "tables")]
pub mod cli;
#[cfg(feature = "tables")]
pub mod frames;
#[cfg(feature = "tables")]
pub mod pipeline;
#[cfg(feature = "tables")]
pub mod report;
#[cfg(feature = "tables")]
pub mod tables;

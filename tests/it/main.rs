//! All integration tests, as modules of one test binary.
//!
//! Every integration-test binary links the library and, through it, polars: as separate
//! binaries they took about 330–560 MB each in a debug build (some 10 GB in all) and a link
//! apiece. One binary is built and linked once. Run a part with a filter, for example
//! `cargo test --test it gold_floor` or `cargo test --test it ingest_`.
//!
//! The modules that need the `tables` feature (polars, the binary) are left out without it.

mod common;

mod catalog_indicators;
mod encodings_facts;
mod extract_attribution;
mod extract_exclusions;
mod extract_numbers;
mod extract_spans;
mod gold_floor;
mod ingest_clean;
mod ingest_date;
mod ingest_encodings;
mod ingest_region;
mod properties;
mod readme;
mod synth;

#[cfg(feature = "tables")]
mod aggregate;
#[cfg(feature = "tables")]
mod fixture;
#[cfg(feature = "tables")]
mod known_cases;
#[cfg(feature = "tables")]
mod operations;
#[cfg(feature = "tables")]
mod pipeline;
#[cfg(feature = "tables")]
mod report;
#[cfg(feature = "tables")]
mod show;
#[cfg(feature = "tables")]
mod streaming;

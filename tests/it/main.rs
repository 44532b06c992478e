//! The integration tests, in one binary so that `cargo test` links once: a module per
//! area, and `common` for running the built program as a user runs it.

mod browser;
mod bundled;
mod common;
mod dot;
mod drawing;
mod emphasis;
mod extract;
mod fuzz;
mod layout;
mod map;
mod roundtrip;
mod snapshot;

// These run the `agencygraph` binary, which needs the `cli` feature.
// (analysis: it borrows the consumers' Python.)
#[cfg(feature = "cli")]
mod analysis;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod consumers;
#[cfg(feature = "cli")]
mod crash;
#[cfg(feature = "cli")]
mod curate;
#[cfg(feature = "cli")]
mod cypher;
#[cfg(feature = "cli")]
mod dates;
#[cfg(feature = "cli")]
mod edit;
#[cfg(feature = "cli")]
mod everyday;
#[cfg(feature = "cli")]
mod exports;
#[cfg(feature = "cli")]
mod hardening;
#[cfg(feature = "cli")]
mod imports;
#[cfg(all(feature = "cli", unix))]
mod output;
#[cfg(feature = "cli")]
mod pictures;
#[cfg(feature = "cli")]
mod readme;

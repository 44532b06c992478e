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

// These need the `cli` feature, and each says so itself (`#![cfg(feature = "cli")]`).
mod analysis;
mod cli;
mod consumers;
mod crash;
mod curate;
mod cypher;
mod dates;
mod edit;
mod everyday;
mod exports;
mod hardening;
mod imports;
mod output;
mod pictures;
mod readme;

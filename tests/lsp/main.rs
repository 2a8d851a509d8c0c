//! The language server in process, over real JSON-RPC framing: `harness.rs` is the client
//! (with `framing.rs`, `transport.rs`, `documents.rs`, `positions.rs`); the other modules are
//! the tests, one feature each. `bench.rs` makes big manifests for them.

mod documents;
mod fixtures;
mod framing;
mod harness;
mod positions;
mod transport;

mod bench;
mod code_actions;
mod concept_checks;
mod diagnostics;
mod edits;
mod encodings;
mod evaluation;
mod faults;
mod hover;
mod lifecycle;
mod load;
mod malformed;
mod navigation;
mod overlap;
mod progress;
mod refresh;
mod settings;
mod staleness;
mod storm;

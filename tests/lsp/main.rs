//! The language server in process, over real JSON-RPC framing: `harness.rs` is the client.

mod documents;
mod fixtures;
mod framing;
mod harness;
mod positions;
mod transport;

mod bench;
mod code_actions;
mod diagnostics;
mod edits;
mod encodings;
mod evaluation;
mod hover;
mod lifecycle;
mod navigation;
mod refresh;
mod settings;
mod staleness;

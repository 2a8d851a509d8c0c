//! conceptlint: finds what is wrong with an image-classification dataset where it is edited.
//!
//! The engine (formats, model, config, workspace, images, rules, stats) is synchronous, has no
//! LSP types and prints nothing; the CLI (`src/main.rs`, [`cli`]) and renderers sit on top.
#![deny(clippy::print_stdout)]

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod eval;
pub mod formats;
pub mod images;
pub mod lexicon;
pub mod model;
pub mod render;
pub mod report;
pub mod rules;
pub mod server;
pub mod stats;
pub mod text;
pub mod workspace;

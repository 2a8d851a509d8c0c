//! `conceptlint server`: the language server over stdio, a thin layer over the engine.
//!
//! Shape: [`backend`] routes LSP methods to [`handlers`]; [`state`] holds documents and
//! analyses; [`scheduler`] decides when analyses run and what gets published; [`convert`] is the
//! only module that converts between LSP and engine types. Logs go to stderr through `tracing`;
//! stdout carries the protocol only.

mod backend;
pub mod convert;
pub mod documents;
mod framing;
mod handlers;
mod overlay;
mod scheduler;
pub mod settings;
mod state;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

pub use backend::Backend;

/// Serves the protocol on `input`/`output` until the client exits. Malformed input is answered
/// with a JSON-RPC error and skipped (see [`framing`]).
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(Backend::new)
        .custom_method(framing::MALFORMED, Backend::malformed_input)
        .custom_method("conceptlint/status", Backend::status)
        .finish();
    Server::new(framing::Guarded::new(input), output, socket)
        .concurrency_level(MESSAGES_IN_FLIGHT)
        .serve(service)
        .await;
}

/// How many messages are handled at once. Requests about positions wait (boundedly) for the
/// analysis of their text; with tower-lsp-server's default of 4, four of them held up every
/// message after them, the edits and cancellations that end their wait included.
const MESSAGES_IN_FLIGHT: usize = 64;

/// Runs the server on stdin/stdout with logs on stderr (`CONCEPTLINT_LOG` or `RUST_LOG` set the
/// level; the client's `logLevel` setting too).
///
/// Returns the process exit code the specification asks for: 0 when `shutdown` came before
/// `exit`, 1 otherwise.
pub fn run() -> anyhow::Result<i32> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    tracing::info!("exit");
    // The stdin reader blocks in a thread of its own; do not wait for it.
    runtime.shutdown_background();
    Ok(if SHUTDOWN.load(std::sync::atomic::Ordering::SeqCst) { 0 } else { 1 })
}

/// Set when the client sent `shutdown`.
pub(crate) static SHUTDOWN: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

static LOG_RELOAD: std::sync::OnceLock<
    tracing_subscriber::reload::Handle<tracing_subscriber::EnvFilter, tracing_subscriber::Registry>,
> = std::sync::OnceLock::new();

fn init_logging() {
    use tracing_subscriber::prelude::*;
    let level = std::env::var("CONCEPTLINT_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".into());
    let filter = tracing_subscriber::EnvFilter::try_new(&level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (filter, handle) = tracing_subscriber::reload::Layer::new(filter);
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_ansi(false);
    if tracing_subscriber::registry().with(filter).with(fmt).try_init().is_ok() {
        let _ = LOG_RELOAD.set(handle);
    }
}

/// Changes the log level (the client's `logLevel` setting); unknown levels are ignored.
pub fn set_log_level(level: &str) {
    if let (Some(handle), Ok(filter)) =
        (LOG_RELOAD.get(), tracing_subscriber::EnvFilter::try_new(level))
    {
        let _ = handle.reload(filter);
    }
}

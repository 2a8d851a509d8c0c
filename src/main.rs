//! The `conceptlint` binary: parse the command line, dispatch, exit with the command's status.

use clap::Parser;

/// mimalloc: reading a large manifest makes millions of small allocations on two threads;
/// glibc's per-thread arenas spent more time growing than parsing (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// stdout is not locked here: the language server writes to it from its own threads.
fn main() {
    let cli = conceptlint::cli::Cli::parse();
    let code = conceptlint::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}

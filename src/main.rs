//! The `conceptlint` binary: parse the command line, dispatch, exit with the command's status.

use clap::Parser;

/// mimalloc: reading a large manifest makes millions of small allocations on two threads;
/// glibc's per-thread arenas spent more time growing than parsing (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// stdout is not locked here: the language server writes to it from its own threads.
fn main() {
    no_huge_pages();
    let cli = conceptlint::cli::Cli::parse();
    let code = conceptlint::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}

/// Transparent huge pages off for this process: mimalloc asks for them, and each first touch
/// then zeroes (and, in a virtual machine, backs) 2 MiB at once. Measured on the benchmark
/// machine: `report` on 1,000,000 x 10 scores right after another large process 2.7 s with them,
/// 1.7 s without (system time 2.3 s -> 0.8 s); nothing got slower.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)` reads only its integer arguments and
    // sets a flag of the calling process; no memory of ours is involved.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

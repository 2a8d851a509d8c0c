//! The `conceptlint` binary: parse the command line, dispatch, exit with the command's status.

use clap::Parser;

/// stdout is not locked here: the language server writes to it from its own threads.
fn main() {
    let cli = conceptlint::cli::Cli::parse();
    let code = conceptlint::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}

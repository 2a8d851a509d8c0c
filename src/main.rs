//! The `conceptlint` binary: parse the command line, dispatch, exit with the command's status.

use clap::Parser;

fn main() {
    let cli = conceptlint::cli::Cli::parse();
    let code = conceptlint::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr());
    std::process::exit(code);
}

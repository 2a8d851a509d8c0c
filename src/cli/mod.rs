//! The command line: argument definitions and one module per command. Commands write to the
//! given writers and return the process exit code; only `main` touches the real process.

mod check;
mod report;
mod rules;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::render::OutputFormat;

/// Exit status: no findings at or above the failing severity.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status: findings at or above the failing severity.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, config or internal error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "conceptlint",
    version,
    about = "Finds what is wrong with an image-classification dataset: too few inputs, small \
             images, unknown or conflicting labels, broken manifests.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check dataset manifests (files, or folders searched for manifests).
    Check(CheckArgs),
    /// Run the language server on stdin/stdout (logs on stderr).
    Server {
        /// Accepted for compatibility with clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print one rule's documentation.
    Rule {
        /// The rule's name or code, e.g. `too-few-inputs` or `CL001`.
        name: String,
    },
    /// Evaluate the model's predictions: per-concept metrics, suspicious labels, the verdict.
    Report(ReportArgs),
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Files or folders of the datasets [default: the current folder].
    pub paths: Vec<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also write one self-contained HTML page (ROC and precision-recall curves, the matrix).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Score at or above which a concept counts as predicted [default: `thresholds.score`, 0.5].
    #[arg(long)]
    pub threshold: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check [default: the current folder].
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Run only these rules (names or codes, comma-separated; `ALL` for every rule).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (names or codes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with status 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Show every finding (human output otherwise shows the first 10 of each rule).
    #[arg(long)]
    pub show_all: bool,
    /// Do not read or write the image cache (`.conceptlint_cache/`).
    #[arg(long)]
    pub no_cache: bool,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Hint => Severity::Hint,
        }
    }
}

/// The datasets of the command line's paths (the current folder when none), with files that
/// could not be read reported on `err`; `true` when one could not.
fn discover(
    paths: &[std::path::PathBuf],
    err: &mut dyn Write,
) -> anyhow::Result<(crate::workspace::Discovery, bool)> {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    for p in &paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let discovery = crate::workspace::discover(&paths, &crate::workspace::DiskFs);
    for u in &discovery.unreadable {
        writeln!(err, "conceptlint: error: cannot read {}: {}", u.path.display(), u.error)?;
    }
    let failed = !discovery.unreadable.is_empty();
    Ok((discovery, failed))
}

/// Runs a parsed command line, writing results to `out` and messages to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cli.command {
        Command::Check(args) => check::run(args, out, err),
        Command::Server { .. } => crate::server::run(),
        Command::Rules { format } => rules::list(format, out),
        Command::Rule { name } => rules::show(&name, out, err),
        Command::Report(args) => report::run(args, out, err),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "conceptlint: error: {e:#}");
            EXIT_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}

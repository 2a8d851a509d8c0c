//! The command line: `check`, `rules`, `rule NAME`.

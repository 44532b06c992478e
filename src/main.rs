//! The `agencygraph` command-line program: a user of the library's public API, like any
//! other program that embeds it.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

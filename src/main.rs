//! The `agencygraph` command-line program: a user of the library's public API, like any
//! other program that embeds it.

mod cli;

#[cfg(target_os = "linux")]
mod huge_pages;

#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: huge_pages::HugePages = huge_pages::HugePages;

fn main() -> std::process::ExitCode {
    cli::main()
}

fn main() -> std::process::ExitCode {
    agencygraph::cli::main()
}

//! `backbone-cli`: the core's command-line interface without the desktop app, the same
//! commands as `backbone <command>` (the app binary in `src-tauri/`). Integration tests
//! run it as a real process (`CARGO_BIN_EXE_backbone-cli`), for instance to kill one
//! part-way through an import.

fn main() {
    let cli = match backbone::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let code = backbone::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}

//! The `backbone` binary: a CLI when given a subcommand (no display needed), otherwise the
//! desktop app.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let cli = match backbone::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    if cli.command.is_some() {
        let code = backbone::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
        std::process::exit(code);
    }
    if let Err(e) = backbone_app::run(cli.db) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

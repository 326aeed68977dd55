//! Regenerates `ui/src/bindings/` from the Rust types (`make bindings`).

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    if let Err(e) = std::fs::remove_dir_all(&dir) {
        if e.kind() != std::io::ErrorKind::NotFound {
            eprintln!("error: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    if let Err(e) = backbone::bindings::export_all(&dir) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    println!("wrote {}", dir.display());
}

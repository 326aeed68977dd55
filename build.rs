// Rebuild when a migration changes, so a binary never ships without one.
fn main() {
    println!("cargo:rerun-if-changed=src/store/migrations");
    println!("cargo:rerun-if-changed=assets/sample/initiative.json");
}

//! Embeds the built-in catalog: lists every `assets/catalog/**/*.toml` file as an
//! `include_str!`, so rustc tracks each file's content and Cargo reruns this script when a file
//! is added or removed (a proc-macro directory include would miss edits on stable Rust).

use std::path::{Path, PathBuf};

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the catalog folder {}: {e}", dir.display()))
        .map(|entry| entry.expect("catalog folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../../assets/catalog").canonicalize().expect("assets/catalog exists");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut code = String::from("/// Every built-in catalog file as (path under assets/catalog, content).\n");
    code.push_str("pub const BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({relative:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalog_files.rs");
    std::fs::write(out, code).expect("write catalog_files.rs");
}

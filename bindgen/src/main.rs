//! `uniffi-bindgen`: generates the Kotlin and Swift bindings from the built `jinlin-ffi` library
//! (`scripts/bindings.sh` runs it). It is its own crate so the generator and its dependencies
//! never end up in the library that ships on phones.

fn main() {
    uniffi::uniffi_bindgen_main()
}

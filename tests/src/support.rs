//! Shared between the build script and the tests: how focused specs are generated.

/// The generated code reaches the runtime through the generated-client crate.
pub const RUNTIME_PATH: &str = "generated_client::runtime";

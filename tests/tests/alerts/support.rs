//! The neighbourhood these tests run in: `jinlin_tests::neighbourhood`.

pub use jinlin_tests::neighbourhood::*;

//! `demo`: placeholder until the relay library lands.

use anyhow::{Result, bail};

use crate::output::Output;

/// Runs the story.
pub async fn run(_json: bool) -> Result<Output> {
    bail!("the demo needs the relay")
}

//! The notice commands (clap): `notice post / list / read / reads / withdraw`. The board's
//! commands extend `need` (`grid_args.rs`).

use std::path::PathBuf;

use clap::Subcommand;

/// `notice ...`.
#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Staff and building leaders: post a notice to a group; prints its id
    Post {
        /// The group
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// A short title
        #[arg(long)]
        title: String,
        /// The text
        #[arg(long, default_value = "")]
        text: String,
        /// A photo file, sent with the next sync (resumable)
        #[arg(long, value_name = "FILE")]
        photo: Option<PathBuf>,
        /// Shown first for this long (`3d`, `2w`)
        #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
        pin: Option<std::time::Duration>,
    },
    /// The notices you see on opening: pinned ones first
    List {
        /// Only those posted to this group and the groups above it
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
    },
    /// Show a notice and record that you read it
    Read {
        /// The notice (its id, or the start of it)
        id: String,
    },
    /// Staff: how many households have read a notice
    Reads {
        /// The notice
        id: String,
    },
    /// Who posted it, or staff: withdraw a notice
    Withdraw {
        /// The notice
        id: String,
    },
}

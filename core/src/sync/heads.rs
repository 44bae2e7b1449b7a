//! What the relay holds of a document after an exchange: the heads it was known to hold plus
//! every change that went either way, minus whatever those changes depend on.

use std::collections::HashSet;

use automerge::{Change, ChangeHash};

/// A change reduced to what head bookkeeping needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRef {
    /// The change's hash.
    pub hash: ChangeHash,
    /// The hashes it depends on.
    pub deps: Vec<ChangeHash>,
}

impl From<&Change> for ChangeRef {
    fn from(c: &Change) -> Self {
        ChangeRef {
            hash: c.hash(),
            deps: c.deps().to_vec(),
        }
    }
}

/// The heads of `known` (heads the relay holds) extended by `added` (changes it now holds too).
/// The result may name a change that is an ancestor of another; that only makes the next upload
/// include a little more than needed, never less.
pub fn extend(known: &[ChangeHash], added: &[ChangeRef]) -> Vec<ChangeHash> {
    let covered: HashSet<ChangeHash> = added.iter().flat_map(|c| c.deps.iter().copied()).collect();
    let mut out: Vec<ChangeHash> = Vec::new();
    for h in known.iter().copied().chain(added.iter().map(|c| c.hash)) {
        if !covered.contains(&h) && !out.contains(&h) {
            out.push(h);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(n: u8) -> ChangeHash {
        ChangeHash([n; 32])
    }

    #[test]
    fn a_chain_of_changes_ends_in_one_head() {
        let added = [
            ChangeRef {
                hash: h(2),
                deps: vec![h(1)],
            },
            ChangeRef {
                hash: h(3),
                deps: vec![h(2)],
            },
        ];
        assert_eq!(extend(&[h(1)], &added), vec![h(3)]);
    }

    #[test]
    fn concurrent_changes_are_both_heads_and_untouched_heads_stay() {
        let added = [
            ChangeRef {
                hash: h(5),
                deps: vec![h(1)],
            },
            ChangeRef {
                hash: h(6),
                deps: vec![h(1)],
            },
        ];
        assert_eq!(extend(&[h(1), h(9)], &added), vec![h(5), h(6), h(9)]);
    }
}

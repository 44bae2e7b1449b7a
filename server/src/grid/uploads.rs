//! Unfinished uploads and their limits. A photo upload left halfway holds disk space that no
//! one may read, so each member may hold only so many bytes of unfinished uploads
//! ([`UploadLimits::unfinished_bytes_per_member`], 64 MiB by default) and an upload still
//! unfinished a while after it started ([`UploadLimits::expire_after`], 24 h by default) is
//! removed, its bytes freed. Finished blobs are not counted.
//!
//! The relay remembers who started each unfinished upload and when, in memory and beside the
//! partial file (`<sha256>.part.owner`: the member id and the start time in milliseconds), so the
//! count survives a restart. A partial file with no such note (from an older relay) counts
//! against no one and expires a day after the relay started.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jinlin_model::{DocId, MemberId, Millis};

/// How much of unfinished uploads the relay keeps, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// Bytes of unfinished uploads one member may hold at once.
    pub unfinished_bytes_per_member: u64,
    /// An upload still unfinished this long after it started is removed.
    pub expire_after: Duration,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            unfinished_bytes_per_member: 64 * 1024 * 1024,
            expire_after: Duration::from_secs(24 * 3600),
        }
    }
}

impl UploadLimits {
    fn expire_after_ms(&self) -> Millis {
        Millis::try_from(self.expire_after.as_millis()).unwrap_or(Millis::MAX)
    }
}

/// An unfinished upload: a group's blob name.
pub(crate) type Key = (DocId, String);

/// What the relay knows of one unfinished upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Who started it (none for a partial file from an older relay).
    owner: Option<MemberId>,
    /// When it started.
    started: Millis,
    /// Bytes held.
    bytes: u64,
}

/// Why a chunk may not be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverQuota {
    /// The attachment is larger than a member may hold unfinished at all.
    TooLarge {
        /// The member's quota in bytes.
        limit: u64,
    },
    /// The member's unfinished uploads already hold this many bytes.
    Full {
        /// The member's quota in bytes.
        limit: u64,
        /// Bytes the member's other unfinished uploads hold.
        held: u64,
        /// How long until the oldest of them expires and frees its bytes.
        retry_after: Duration,
    },
}

/// The unfinished uploads under the blob directory.
#[derive(Debug)]
pub(crate) struct Unfinished {
    limits: UploadLimits,
    entries: HashMap<Key, Entry>,
}

/// The note beside a partial file naming who started it and when.
pub(crate) fn owner_path(part: &Path) -> PathBuf {
    let mut name = part.as_os_str().to_owned();
    name.push(".owner");
    PathBuf::from(name)
}

impl Unfinished {
    /// The unfinished uploads found under `dir` (`<group>/<sha256>.part`); those without a note
    /// are taken to have started `now`.
    pub(crate) fn scan(dir: &Path, limits: UploadLimits, now: Millis) -> Self {
        let mut entries = HashMap::new();
        let groups = fs::read_dir(dir).into_iter().flatten().flatten();
        for group_dir in groups {
            let Some(group) = group_dir.file_name().to_str().and_then(|g| g.parse::<DocId>().ok()) else {
                continue;
            };
            for file in fs::read_dir(group_dir.path()).into_iter().flatten().flatten() {
                let name = file.file_name();
                let Some(hash) = name.to_str().and_then(|n| n.strip_suffix(".part")) else {
                    continue;
                };
                let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
                let (owner, started) = read_owner(&file.path()).unwrap_or((None, now));
                entries.insert((group, hash.to_string()), Entry { owner, started, bytes });
            }
        }
        Unfinished { limits, entries }
    }

    /// Whether a chunk that leaves the upload of `key` (a blob of `length` bytes) unfinished
    /// at `bytes_after` may be kept; `starter` is the member sending it.
    pub(crate) fn check(
        &self,
        key: &Key,
        starter: MemberId,
        length: u64,
        bytes_after: u64,
        now: Millis,
    ) -> Result<(), OverQuota> {
        let limit = self.limits.unfinished_bytes_per_member;
        if length > limit {
            return Err(OverQuota::TooLarge { limit });
        }
        let owner = self.entries.get(key).map_or(Some(starter), |e| e.owner);
        let Some(owner) = owner else {
            return Ok(());
        };
        let others = self.entries.iter().filter(|(k, e)| *k != key && e.owner == Some(owner));
        let (held, oldest) = others.fold((0u64, None::<Millis>), |(held, oldest), (_, e)| {
            (
                held.saturating_add(e.bytes),
                Some(oldest.map_or(e.started, |o| o.min(e.started))),
            )
        });
        if held.saturating_add(bytes_after) <= limit {
            return Ok(());
        }
        let expires = oldest.unwrap_or(now).saturating_add(self.limits.expire_after_ms());
        let retry_after = Duration::from_millis(u64::try_from(expires.saturating_sub(now)).unwrap_or(0));
        Err(OverQuota::Full {
            limit,
            held,
            retry_after,
        })
    }

    /// Records that `starter` began the upload of `key` now; writes the note beside `part`.
    pub(crate) fn start(&mut self, key: Key, part: &Path, starter: MemberId, now: Millis) -> std::io::Result<()> {
        fs::write(owner_path(part), format!("{starter}\n{now}\n"))?;
        self.entries.insert(
            key,
            Entry {
                owner: Some(starter),
                started: now,
                bytes: 0,
            },
        );
        Ok(())
    }

    /// Whether the relay has a record of `key`'s upload.
    pub(crate) fn knows(&self, key: &Key) -> bool {
        self.entries.contains_key(key)
    }

    /// Records that the upload of `key` now holds `bytes`.
    pub(crate) fn held(&mut self, key: &Key, bytes: u64) {
        if let Some(e) = self.entries.get_mut(key) {
            e.bytes = bytes;
        }
    }

    /// Forgets the upload of `key` (finished or refused) and removes its note beside `part`.
    pub(crate) fn forget(&mut self, key: &Key, part: &Path) -> std::io::Result<()> {
        self.entries.remove(key);
        remove_if_present(&owner_path(part))
    }

    /// The uploads that have expired by `now`; the caller removes their files and forgets them.
    pub(crate) fn expired(&self, now: Millis) -> Vec<Key> {
        let after = self.limits.expire_after_ms();
        self.entries
            .iter()
            .filter(|(_, e)| now.saturating_sub(e.started) >= after)
            .map(|(k, _)| k.clone())
            .collect()
    }
}

/// Removes a file; one already gone is fine.
pub(crate) fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn read_owner(part: &Path) -> Option<(Option<MemberId>, Millis)> {
    let text = fs::read_to_string(owner_path(part)).ok()?;
    let mut lines = text.lines();
    let owner = lines.next()?.trim().parse::<MemberId>().ok()?;
    let started = lines.next()?.trim().parse::<Millis>().ok()?;
    Some((Some(owner), started))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> UploadLimits {
        UploadLimits {
            unfinished_bytes_per_member: 100,
            expire_after: Duration::from_secs(60),
        }
    }

    #[test]
    fn a_member_holds_only_so_many_unfinished_bytes_and_learns_when_room_frees() {
        let dir = tempfile::tempdir().expect("dir");
        let mut u = Unfinished::scan(dir.path(), limits(), 0);
        let (me, other) = (MemberId::random(), MemberId::random());
        let group = DocId::random();
        let a = (group, "a".to_string());
        u.start(a.clone(), &dir.path().join("a.part"), me, 1_000)
            .expect("start");
        u.held(&a, 80);
        let b = (group, "b".to_string());
        assert_eq!(u.check(&b, me, 50, 20, 2_000), Ok(()));
        assert_eq!(
            u.check(&b, me, 50, 21, 2_000),
            Err(OverQuota::Full {
                limit: 100,
                held: 80,
                retry_after: Duration::from_secs(59),
            })
        );
        assert_eq!(u.check(&b, other, 50, 50, 2_000), Ok(()), "another member has room");
        assert_eq!(
            u.check(&a, me, 100, 99, 2_000),
            Ok(()),
            "an upload is not counted twice"
        );
        assert_eq!(u.check(&b, me, 101, 1, 2_000), Err(OverQuota::TooLarge { limit: 100 }));
        assert!(u.expired(60_999).is_empty());
        assert_eq!(u.expired(61_000), vec![a]);
    }

    #[test]
    fn who_started_an_upload_and_when_survive_a_restart() {
        let dir = tempfile::tempdir().expect("dir");
        let group = DocId::random();
        let group_dir = dir.path().join(group.to_string());
        fs::create_dir_all(&group_dir).expect("dir");
        let part = group_dir.join("a.part");
        fs::write(&part, [0u8; 30]).expect("part");
        fs::write(group_dir.join("b.part"), [0u8; 10]).expect("part from an older relay");
        fs::write(group_dir.join("c"), [0u8; 99]).expect("a finished blob");
        let me = MemberId::random();
        let mut u = Unfinished::scan(dir.path(), limits(), 0);
        u.start((group, "a".into()), &part, me, 5_000).expect("start");

        let again = Unfinished::scan(dir.path(), limits(), 50_000);
        let a = again.entries.get(&(group, "a".to_string())).expect("a");
        assert_eq!((a.owner, a.started, a.bytes), (Some(me), 5_000, 30));
        let b = again.entries.get(&(group, "b".to_string())).expect("b");
        assert_eq!((b.owner, b.started, b.bytes), (None, 50_000, 10));
        assert_eq!(again.entries.len(), 2, "finished blobs are not unfinished uploads");
    }
}

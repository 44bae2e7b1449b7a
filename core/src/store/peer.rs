//! What the phone keeps for peer-to-peer sync: its signing key's seed (made once), the relay's
//! public key pinned at registration, the membership credentials the relay last issued (one per
//! community, kept exactly as signed), the members the relay last said were revoked, and the
//! signatures and credentials of the authors of changes received from neighbours' phones.

use automerge::ChangeHash;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::peer::credential::{self, SignedCredential};
use jinlin_model::protocol::ChangeSignature;
use rusqlite::{Connection, OptionalExtension, params};
use serde_bytes::ByteBuf;

const DEVICE: &str = "device";
const RELAY: &str = "relay";

fn damaged(reason: impl Into<String>) -> Error {
    Error::CorruptStore {
        path: "peer_keys".into(),
        reason: reason.into(),
    }
}

fn key(c: &Connection, name: &str) -> Result<Option<[u8; 32]>> {
    let bytes: Option<Vec<u8>> = c
        .query_row("SELECT bytes FROM peer_keys WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    bytes
        .map(|b| {
            b.try_into()
                .map_err(|_| damaged(format!("the {name} key is not 32 bytes")))
        })
        .transpose()
}

/// The device's signing key seed: the one kept, or `fresh`, kept now, if there is none.
pub fn device_seed(c: &Connection, fresh: &[u8; 32], at: i64) -> Result<[u8; 32]> {
    if let Some(seed) = key(c, DEVICE)? {
        return Ok(seed);
    }
    c.execute(
        "INSERT INTO peer_keys (name, bytes, created_at) VALUES (?1, ?2, ?3)",
        params![DEVICE, &fresh[..], at],
    )?;
    Ok(*fresh)
}

/// The relay key pinned at registration, if any.
pub fn relay_key(c: &Connection) -> Result<Option<[u8; 32]>> {
    key(c, RELAY)
}

/// Pins the relay's key.
pub fn pin_relay_key(c: &Connection, public: &[u8; 32], at: i64) -> Result<()> {
    c.execute(
        "INSERT OR REPLACE INTO peer_keys (name, bytes, created_at) VALUES (?1, ?2, ?3)",
        params![RELAY, &public[..], at],
    )?;
    Ok(())
}

/// Replaces the credentials held and the revocation list with what the relay just issued.
/// A credential that does not read is refused before anything is written.
pub fn replace(c: &Connection, credentials: &[SignedCredential], revoked: &[MemberId]) -> Result<()> {
    let read = credentials
        .iter()
        .map(|s| {
            credential::peek(s)
                .map(|cred| (cred, s))
                .ok_or_else(|| Error::Protocol("the relay sent a credential that does not read".into()))
        })
        .collect::<Result<Vec<_>>>()?;
    c.execute("DELETE FROM peer_credentials", [])?;
    for (cred, signed) in read {
        c.execute(
            "INSERT OR REPLACE INTO peer_credentials (community, body, signature, issued_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                cred.community.to_string(),
                signed.body,
                signed.signature,
                cred.issued_at,
                cred.expires_at
            ],
        )?;
    }
    c.execute("DELETE FROM peer_revoked", [])?;
    for m in revoked {
        c.execute(
            "INSERT OR IGNORE INTO peer_revoked (member_id) VALUES (?1)",
            [m.to_string()],
        )?;
    }
    Ok(())
}

/// The credentials held, by community.
pub fn credentials(c: &Connection) -> Result<Vec<(DocId, SignedCredential)>> {
    let mut stmt = c.prepare_cached("SELECT community, body, signature FROM peer_credentials ORDER BY community")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    rows.map(|row| {
        let (community, body, signature) = row?;
        let community = community
            .parse()
            .map_err(|_| damaged("a credential's community does not read"))?;
        Ok((community, SignedCredential { body, signature }))
    })
    .collect()
}

/// The members the relay last said were revoked.
pub fn revoked(c: &Connection) -> Result<Vec<MemberId>> {
    let mut stmt = c.prepare_cached("SELECT member_id FROM peer_revoked ORDER BY member_id")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|row| row?.parse().map_err(|_| damaged("a revoked member id does not read")))
        .collect()
}

/// Keeps the author's signature of a change received from a peer.
pub fn put_signature(c: &Connection, hash: &ChangeHash, signature: &[u8]) -> Result<()> {
    c.prepare_cached("INSERT OR IGNORE INTO peer_signatures (hash, signature) VALUES (?1, ?2)")?
        .execute(params![&hash.0[..], signature])?;
    Ok(())
}

/// The signatures held for these changes (those received from peers), in the order asked.
pub fn signatures(c: &Connection, hashes: &[ChangeHash]) -> Result<Vec<ChangeSignature>> {
    let mut stmt = c.prepare_cached("SELECT signature FROM peer_signatures WHERE hash = ?1")?;
    let mut out = Vec::new();
    for hash in hashes {
        let signature: Option<Vec<u8>> = stmt.query_row([&hash.0[..]], |r| r.get(0)).optional()?;
        if let Some(signature) = signature {
            out.push(ChangeSignature {
                hash: ByteBuf::from(hash.0.to_vec()),
                signature: ByteBuf::from(signature),
            });
        }
    }
    Ok(out)
}

/// Keeps the credential of an author of changes received from a peer (the latest one seen).
pub fn put_author(c: &Connection, member: MemberId, signed: &SignedCredential) -> Result<()> {
    c.prepare_cached("INSERT OR REPLACE INTO peer_authors (member_id, body, signature) VALUES (?1, ?2, ?3)")?
        .execute(params![member.to_string(), signed.body, signed.signature])?;
    Ok(())
}

/// The credential kept for the author `member`, if any.
pub fn author(c: &Connection, member: MemberId) -> Result<Option<SignedCredential>> {
    Ok(
        c.prepare_cached("SELECT body, signature FROM peer_authors WHERE member_id = ?1")?
            .query_row([member.to_string()], |r| {
                Ok(SignedCredential {
                    body: r.get(0)?,
                    signature: r.get(1)?,
                })
            })
            .optional()?,
    )
}

-- Peer-to-peer sync (docs/PROTOCOL.md, "Between phones"): this device's Ed25519 signing key
-- (its seed, made once; on phones the platform keystore can hold it instead), the relay's public
-- key pinned at registration, the membership credentials the relay last issued (one per
-- community, as signed), the members whose phones the relay last said were revoked, and, for
-- changes received from neighbours' phones, their authors' signatures and credentials (carried
-- on to the relay and to other phones with the changes).
CREATE TABLE peer_keys (
    name       TEXT PRIMARY KEY,   -- 'device' (the seed) or 'relay' (the pinned public key)
    bytes      BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE peer_credentials (
    community  TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    signature  TEXT NOT NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE peer_revoked (
    member_id TEXT PRIMARY KEY
) STRICT;

CREATE TABLE peer_signatures (
    hash      BLOB PRIMARY KEY,
    signature BLOB NOT NULL
) STRICT;

CREATE TABLE peer_authors (
    member_id TEXT PRIMARY KEY,
    body      TEXT NOT NULL,
    signature TEXT NOT NULL
) STRICT;

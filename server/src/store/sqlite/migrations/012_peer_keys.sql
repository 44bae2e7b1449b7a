-- Peer-to-peer sync (docs/PROTOCOL.md, "Between phones"): the relay's own Ed25519 signing key,
-- made once and kept (a relay whose key changed would be refused by every phone that pinned
-- it), and each device's public key, sent at registration and named in the membership
-- credentials the relay signs. Set once per device; a device of an older build has none.
CREATE TABLE relay_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seed       BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE device_keys (
    member_id  TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

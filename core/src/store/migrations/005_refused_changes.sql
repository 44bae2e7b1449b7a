-- Changes the relay refused, moved out of the outbox: the document was rebuilt without them
-- (and without the local changes made on top of them); their bytes stay here, with the
-- relay's reason, so nothing written on this device is silently lost.
CREATE TABLE refused_changes (
    hash       TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL,
    doc_type   TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    refused_at INTEGER NOT NULL,
    bytes      BLOB NOT NULL
) STRICT;
CREATE INDEX refused_by_time ON refused_changes (refused_at);

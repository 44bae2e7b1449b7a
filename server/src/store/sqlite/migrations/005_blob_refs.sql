-- Attachments are as private as the documents that name them: which household or
-- report names which attachment, kept as documents are stored.
CREATE TABLE blob_refs (
    hash   TEXT NOT NULL,   -- lowercase hex SHA-256 of the attachment
    doc_id TEXT NOT NULL REFERENCES docs (id),
    PRIMARY KEY (hash, doc_id)
) STRICT;

-- Work the relay owes the database: documents stored before `blob_refs` existed still have to
-- be read for the attachments they name (done once, when the relay starts).
CREATE TABLE pending_work (
    name TEXT PRIMARY KEY
) STRICT;
INSERT INTO pending_work (name) VALUES ('blob_refs');

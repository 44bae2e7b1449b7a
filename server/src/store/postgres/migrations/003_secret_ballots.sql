-- Secret ballots (议事, a proposal made secret): the latest ballot per proposal and unit of the
-- roll (a household, or a member), kept by the relay alone until it seals the result into the
-- proposal; its voter, choices (JSON), the voter's receipt and the relay's receipt time. As
-- SQLite's 010_secret_ballots.sql.
CREATE TABLE secret_ballots (
    proposal_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    voter TEXT NOT NULL,
    choices TEXT NOT NULL,
    receipt TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, unit)
);

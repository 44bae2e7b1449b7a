-- A download of whole documents spread over several sync answers (protocol `CatchUp`): the
-- relay states it with the cursor, and the device sends it back until the relay drops it.
ALTER TABLE sync_cursors ADD COLUMN catch_from INTEGER;
ALTER TABLE sync_cursors ADD COLUMN catch_upto INTEGER;

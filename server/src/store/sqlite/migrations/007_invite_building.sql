-- A building-leader invite names the building it leads when it is made; the redeemer cannot
-- choose another (a leader's building decides which households they read).
ALTER TABLE invites ADD COLUMN building TEXT;

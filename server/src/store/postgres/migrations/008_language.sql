-- The language a member reads the relay's pushes and gateway texts in (`zh-Hans`, `en`), set with
-- `PUT /v1/me/language`. NULL, as for every member before it, is Chinese.
ALTER TABLE member_settings ADD COLUMN language TEXT;

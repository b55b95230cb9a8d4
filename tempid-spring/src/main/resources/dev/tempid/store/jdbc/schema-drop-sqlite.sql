DROP TABLE IF EXISTS tempid_uses;

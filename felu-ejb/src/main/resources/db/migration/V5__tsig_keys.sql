-- TSIG keys (RFC 8945) for zone transfers, NOTIFY and dynamic updates: the secret is sealed with
-- the link master key (AES-256-GCM, bound to the key's name), never stored in clear.
CREATE TABLE tsig_key (
  id BIGINT NOT NULL,
  name VARCHAR(255) NOT NULL UNIQUE,
  algorithm VARCHAR(32) NOT NULL,
  sealed BYTEA NOT NULL,
  created TIMESTAMP NOT NULL,
  changed TIMESTAMP,
  PRIMARY KEY (id));
CREATE TABLE tsig_key_zone (key_id BIGINT NOT NULL, zone VARCHAR(255) NOT NULL);
ALTER TABLE tsig_key_zone ADD CONSTRAINT fk_tsig_key_zone_key_id
  FOREIGN KEY (key_id) REFERENCES tsig_key (id);
CREATE INDEX tsig_key_zone_key ON tsig_key_zone (key_id);
CREATE SEQUENCE tsig_key_seq START WITH 1;

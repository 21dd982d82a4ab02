-- The secondaries each nameserver NOTIFYs (RFC 1996) when a zone changes: an IP address literal in
-- normal form, a port, and optionally the TSIG key (V5) the NOTIFY is signed with. Gone with their
-- zone; a key in use here cannot be deleted (the key store refuses first, this constraint last).
CREATE TABLE zone_notify_secondary (
  zone_id BIGINT NOT NULL,
  address VARCHAR(64) NOT NULL,
  port INT NOT NULL,
  key_id BIGINT,
  PRIMARY KEY (zone_id, address, port));
ALTER TABLE zone_notify_secondary ADD CONSTRAINT fk_zone_notify_secondary_zone_id
  FOREIGN KEY (zone_id) REFERENCES zone (id) ON DELETE CASCADE;
ALTER TABLE zone_notify_secondary ADD CONSTRAINT fk_zone_notify_secondary_key_id
  FOREIGN KEY (key_id) REFERENCES tsig_key (id);
CREATE INDEX zone_notify_secondary_key ON zone_notify_secondary (key_id);

-- Each TSIG key's update policy (RFC 2136 dynamic updates): its rules in order (ordinal from 0),
-- each a zone, how it matches owner names (EXACT, SUBTREE or PATTERN), the name or pattern, and
-- the record types ('' for the default set, type mnemonics separated by blanks). Checked by
-- dev.felu.update.UpdateRule; gone with their key and with their zone.
CREATE TABLE tsig_key_update_rule (
  key_id BIGINT NOT NULL,
  ordinal INT NOT NULL,
  zone_id BIGINT NOT NULL,
  name_match VARCHAR(16) NOT NULL,
  name VARCHAR(1024) NOT NULL,
  types VARCHAR(1024) NOT NULL,
  PRIMARY KEY (key_id, ordinal));
ALTER TABLE tsig_key_update_rule ADD CONSTRAINT fk_tsig_key_update_rule_key_id
  FOREIGN KEY (key_id) REFERENCES tsig_key (id) ON DELETE CASCADE;
ALTER TABLE tsig_key_update_rule ADD CONSTRAINT fk_tsig_key_update_rule_zone_id
  FOREIGN KEY (zone_id) REFERENCES zone (id) ON DELETE CASCADE;
CREATE INDEX tsig_key_update_rule_zone ON tsig_key_update_rule (zone_id);

-- Zone transfers (AXFR/IXFR) per zone: client networks (CIDR) allowed to transfer without a TSIG
-- key. Keys allowed per zone are in tsig_key_zone (V5). Gone with their zone.
CREATE TABLE zone_transfer_network (
  zone_id BIGINT NOT NULL,
  cidr VARCHAR(64) NOT NULL,
  PRIMARY KEY (zone_id, cidr));
ALTER TABLE zone_transfer_network ADD CONSTRAINT fk_zone_transfer_network_zone_id
  FOREIGN KEY (zone_id) REFERENCES zone (id) ON DELETE CASCADE;

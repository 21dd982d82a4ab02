-- Every health check asks a nameserver for the SOA serials of a window of zones
-- (dev.felu.zone.ZoneSerials#sample, every 5 s per nameserver): with this partial index (one row
-- per zone) that read no longer scans every record of every zone.
CREATE INDEX zone_record_soa ON zone_record (zone_id) WHERE type = 'SOA';

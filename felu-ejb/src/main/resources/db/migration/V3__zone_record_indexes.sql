-- A zone's records are read a page at a time (editor, REST, export, import), never all at once:
-- (zone_id, name) serves "one zone, in name order" (the editor's and the API's default order) and
-- (zone_id, id) the keyset pages an import and the digest read (WHERE zone_id = ? AND id > ?).
-- Before V3 every such query scanned all zones' records.
CREATE INDEX zone_record_zone_name ON zone_record (zone_id, name);
CREATE INDEX zone_record_zone_id ON zone_record (zone_id, id);

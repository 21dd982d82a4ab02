-- "All zones" becomes explicit (account.all_zones) and "no zone grants" means no zone at all.
-- Before V2 an operator or viewer without grants reached every zone; such accounts keep that
-- access here, explicitly, so the upgrade changes nobody's rights. From now on removing an
-- account's last grant leaves it with no zone, never with all of them.
ALTER TABLE account ADD COLUMN all_zones BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE account SET all_zones = TRUE
  WHERE role = 'ADMIN' OR NOT EXISTS (SELECT 1 FROM account_zone z WHERE z.account_id = account.id);

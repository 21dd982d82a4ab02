package dev.felu.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.felu.link.KeySealer;
import dev.felu.model.tsig.TsigKey;
import dev.felu.protocol.Message;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The transfer policy as {@link TransferPolicyRows} reads it from the migrated schema on a real
 * PostgreSQL: each zone's networks, keys and secondaries to notify in one {@code ZonePolicy}, a
 * zone with only secondaries included, a deleted zone's secondaries gone with it, and a key that a
 * secondary signs with kept by the database too.
 */
class TransferPolicyRowsIT {
  private static EmbeddedPostgres postgres;
  private static DataSource db;
  private static final KeySealer SEALER = KeySealer.fromBase64(KeySealer.generateMasterKey());
  private static final byte[] SECRET = new byte[32];

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    db = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    execute(
        "INSERT INTO zone (id, name, version) VALUES (1, 'a.test.', 1), (2, 'b.test.', 1),"
            + " (3, 'c.test.', 1), (4, 'gone.test.', 1)");
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tsig_key (id, name, algorithm, sealed, created)"
                    + " VALUES (7, 'xfr.example.', 'hmac-sha256', ?, now())")) {
      ps.setBytes(1, SEALER.seal(SECRET, TsigKey.sealingContext("xfr.example.")));
      ps.executeUpdate();
    }
    execute("INSERT INTO tsig_key_zone (key_id, zone) VALUES (7, 'a.test.')");
    execute("INSERT INTO zone_transfer_network (zone_id, cidr) VALUES (1, '192.0.2.0/24')");
    // b.test. has only secondaries; a.test. one signed, one not
    execute(
        "INSERT INTO zone_notify_secondary (zone_id, address, port, key_id) VALUES"
            + " (1, '192.0.2.53', 53, 7), (1, '2001:db8::53', 5353, NULL),"
            + " (2, '198.51.100.1', 53, NULL), (4, '203.0.113.9', 53, NULL)");
    execute("DELETE FROM zone WHERE id = 4");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void eachZonesNetworksKeysAndSecondariesTravelInOneZonePolicy() throws Exception {
    TransferPolicyRows.Policy policy;
    try (Connection c = db.getConnection()) {
      policy = TransferPolicyRows.read(c, SEALER);
    }
    Name key = Name.fromString("xfr.example.");
    assertEquals(1, policy.keys().size());
    assertArrayEquals(SECRET, policy.keys().get(0).secret());
    assertEquals(
        List.of(
            new Message.ZonePolicy(
                Name.fromString("a.test."),
                List.of("192.0.2.0/24"),
                List.of(key),
                List.of(
                    new Message.NotifyTarget("192.0.2.53", 53, key),
                    new Message.NotifyTarget("2001:db8::53", 5353, null))),
            new Message.ZonePolicy(
                Name.fromString("b.test."),
                List.of(),
                List.of(),
                List.of(new Message.NotifyTarget("198.51.100.1", 53, null)))),
        policy.zones());
  }

  @Test
  void aKeyASecondarySignsWithIsKeptByTheDatabaseToo() {
    // the service refuses first (409); the foreign key is the last line
    assertThrows(SQLException.class, () -> execute("DELETE FROM tsig_key WHERE id = 7"));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

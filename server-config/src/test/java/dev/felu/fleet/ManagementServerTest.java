package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's edits of a domain's domain.xml before it starts. */
class ManagementServerTest {
  @TempDir Path dir;

  @Test
  void everyHttpProtocolLosesItsServerAndXPoweredByHeadersOnceOnly() throws Exception {
    Path xml = dir.resolve("domain.xml");
    Files.writeString(
        xml,
        """
        <protocol name="http-listener-1">
          <http default-virtual-server="server" max-connections="250">
          <http-redirect secure="true"></http-redirect>
        <protocol name="admin-listener">
          <http default-virtual-server="__asadmin" xpowered-by="true" server-header="true">
        <http-service access-logging-enabled="false">
        """);
    ManagementServer.hideServerIdentity(xml);
    ManagementServer.hideServerIdentity(xml); // before every start: nothing doubles
    assertEquals(
        """
        <protocol name="http-listener-1">
          <http server-header="false" xpowered-by="false" default-virtual-server="server" max-connections="250">
          <http-redirect secure="true"></http-redirect>
        <protocol name="admin-listener">
          <http server-header="false" xpowered-by="false" default-virtual-server="__asadmin">
        <http-service access-logging-enabled="false">
        """,
        Files.readString(xml));
  }
}

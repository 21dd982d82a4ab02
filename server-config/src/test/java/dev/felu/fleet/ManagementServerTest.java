package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void theServerJvmEndsOnOutOfMemoryWithTheConfiguredHeapAndDumpPathOnceOnly() throws Exception {
    Path xml = dir.resolve("domain.xml");
    Files.writeString(
        xml,
        """
        <config name="server-config">
            <java-config classpath-suffix="" system-classpath="">
                <jvm-options>-server</jvm-options>
                <jvm-options>-Xmx512m</jvm-options>
                <jvm-options>-XX:+HeapDumpOnOutOfMemoryError</jvm-options>
            </java-config>
        </config>
        <config name="default-config">
            <java-config system-classpath="">
                <jvm-options>-Xmx512m</jvm-options>
            </java-config>
        </config>
        """);
    HeapSettings heap = new HeapSettings("1g", "512m", Path.of("/var/felu/dumps"), 3);
    ManagementServer.applyHeapSettings(xml, heap);
    ManagementServer.applyHeapSettings(xml, heap); // before every start: nothing doubles
    String options =
        "<jvm-options>-Xmx1g</jvm-options><jvm-options>-XX:+ExitOnOutOfMemoryError</jvm-options>"
            + "<jvm-options>-XX:+HeapDumpOnOutOfMemoryError</jvm-options>"
            + "<jvm-options>-XX:HeapDumpPath=/var/felu/dumps</jvm-options>";
    assertEquals(
        """
        <config name="server-config">
            <java-config classpath-suffix="" system-classpath="">%s
                <jvm-options>-server</jvm-options>
            </java-config>
        </config>
        <config name="default-config">
            <java-config system-classpath="">
                <jvm-options>-Xmx512m</jvm-options>
            </java-config>
        </config>
        """
            .formatted(options),
        Files.readString(xml));

    // a changed setting replaces the old one; no dumps drops the dump options
    ManagementServer.applyHeapSettings(xml, new HeapSettings("2g", "512m", Path.of("/d"), 0));
    String server = Files.readString(xml).split("default-config")[0];
    assertEquals(
        List.of("-Xmx2g", "-XX:+ExitOnOutOfMemoryError", "-server"),
        java.util.regex.Pattern.compile("<jvm-options>([^<]*)</jvm-options>")
            .matcher(server)
            .results()
            .map(r -> r.group(1))
            .toList());
  }
}

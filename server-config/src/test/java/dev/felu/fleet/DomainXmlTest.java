package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The launcher's edits of a domain's domain.xml before it starts: each runs again harmlessly. */
class DomainXmlTest {
  @TempDir Path dir;

  private static final String DOMAIN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- a copyright header -->
      <domain log-root="${com.sun.aas.instanceRoot}/logs">
        <applications>
          <application name="felu"/>
        </applications>
        <servers>
          <server config-ref="server-config" name="server">
            <application-ref ref="felu" enabled="true" virtual-servers="server"/>
            <application-ref ref="__admingui" virtual-servers="__asadmin"/>
          </server>
        </servers>
        <hazelcast-runtime-configuration start-port="5900" das-port="4900"/>
        <configs>
          <config name="server-config">
            <http-service access-logging-enabled="false"/>
            <iiop-service>
              <iiop-listener address="0.0.0.0" port="3700" id="orb-listener-1"/>
            </iiop-service>
            <admin-service system-jmx-connector-name="system">
              <jmx-connector address="0.0.0.0" port="8686" name="system"/>
            </admin-service>
            <network-config>
              <protocols>
                <protocol name="http-listener-1">
                  <http default-virtual-server="server" max-connections="250">
                    <file-cache/>
                  </http>
                  <http-redirect secure="true"/>
                </protocol>
                <protocol name="admin-listener">
                  <http default-virtual-server="__asadmin" xpowered-by="true" server-header="true"/>
                </protocol>
              </protocols>
              <network-listeners>
                <network-listener port="8080" protocol="http-listener-1" name="http-listener-1"/>
                <network-listener address="10.0.0.1" port="4848" protocol="admin-listener" name="admin-listener"/>
              </network-listeners>
            </network-config>
            <java-config classpath-suffix="" system-classpath="">
              <jvm-options>-server</jvm-options>
              <jvm-options>-Xmx512m</jvm-options>
              <jvm-options>-XX:+HeapDumpOnOutOfMemoryError</jvm-options>
            </java-config>
          </config>
          <config name="default-config">
            <jms-service type="EMBEDDED" default-jms-host="default_JMS_host">
              <jms-host host="localhost" name="default_JMS_host"/>
            </jms-service>
            <java-config system-classpath="">
              <jvm-options>-Xmx512m</jvm-options>
            </java-config>
          </config>
        </configs>
      </domain>
      """;

  private Path domainXml() throws IOException {
    Path xml = dir.resolve("domain.xml");
    Files.writeString(xml, DOMAIN);
    return xml;
  }

  @Test
  void everyHttpProtocolLosesItsServerAndXPoweredByHeadersOnceOnly() throws Exception {
    Path xml = domainXml();
    DomainXml.read(xml).hideServerIdentity().write();
    DomainXml d = DomainXml.read(xml).hideServerIdentity(); // before every start: nothing doubles
    d.write();
    List<Element> http = DomainXml.read(xml).select("//protocol/http");
    assertEquals(2, http.size());
    for (Element e : http) {
      assertEquals("false", e.getAttribute("server-header"));
      assertEquals("false", e.getAttribute("xpowered-by"));
    }
    assertEquals("250", http.get(0).getAttribute("max-connections"), "other attributes kept");
    assertEquals(1, http.get(0).getElementsByTagName("file-cache").getLength(), "children kept");
    assertEquals(
        "", DomainXml.read(xml).select("//http-redirect").get(0).getAttribute("server-header"));
    assertTrue(Files.readString(xml).contains("<!-- a copyright header -->"), "comments kept");
  }

  @Test
  void theServerJvmEndsOnOutOfMemoryWithTheConfiguredHeapAndDumpPathOnceOnly() throws Exception {
    Path xml = domainXml();
    HeapSettings heap = new HeapSettings("1g", "512m", Path.of("/var/felu/dumps"), 3);
    DomainXml.read(xml).applyHeapSettings(heap).write();
    DomainXml.read(xml).applyHeapSettings(heap).write(); // before every start: nothing doubles
    assertEquals(
        List.of(
            "-Xmx1g",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+HeapDumpOnOutOfMemoryError",
            "-XX:HeapDumpPath=/var/felu/dumps",
            "-server"),
        DomainXml.read(xml).jvmOptions("server-config"));
    assertEquals(List.of("-Xmx512m"), DomainXml.read(xml).jvmOptions("default-config"));

    // a changed setting replaces the old one; no dumps drops the dump options
    DomainXml.read(xml).applyHeapSettings(new HeapSettings("2g", "512m", Path.of("/d"), 0)).write();
    assertEquals(
        List.of("-Xmx2g", "-XX:+ExitOnOutOfMemoryError", "-server"),
        DomainXml.read(xml).jvmOptions("server-config"));
  }

  @Test
  void aFreshDomainIsLockedToLoopbackOnceOnly() throws Exception {
    Path xml = domainXml();
    DomainXml.read(xml).lockToLoopback().write();
    DomainXml.read(xml).lockToLoopback().write();
    DomainXml d = DomainXml.read(xml);
    assertEquals(
        List.of("127.0.0.1", "127.0.0.1", "127.0.0.1", "10.0.0.1"),
        d.select("//*[@address]").stream().map(e -> e.getAttribute("address")).toList(),
        "every listener on loopback but one an operator bound elsewhere");
    assertEquals("127.0.0.1", d.select("//jms-host").get(0).getAttribute("host"));
    List<Element> jms = d.select("//config[@name='server-config']/jms-service/jms-host");
    assertEquals(1, jms.size(), "server-config got one jms-service");
    assertEquals("127.0.0.1", jms.get(0).getAttribute("host"));
    assertEquals("${JMS_PROVIDER_PORT}", jms.get(0).getAttribute("port"));
    Element hazelcast = d.select("//hazelcast-runtime-configuration").get(0);
    for (String a : List.of("interface", "das-bind-address", "das-public-address")) {
      assertEquals("127.0.0.1", hazelcast.getAttribute(a), a);
    }
    assertEquals("5900", hazelcast.getAttribute("start-port"));
    for (String config : List.of("server-config", "default-config")) {
      List<String> options = d.jvmOptions(config);
      assertEquals(
          List.of(
              "-Dhazelcast.socket.bind.any=false",
              "-Dhazelcast.local.localAddress=127.0.0.1",
              "-Dh2.bindAddress=127.0.0.1",
              "-Djava.rmi.server.hostname=127.0.0.1"),
          options.subList(0, 4),
          config);
      assertEquals(options.size(), options.stream().distinct().count(), config + ": " + options);
    }
  }

  @Test
  void aStaleDeploymentOfTheAppIsDisabledAndNoOtherApplication() throws Exception {
    Path xml = domainXml();
    DomainXml.read(xml).disableApplication("felu").write();
    DomainXml d = DomainXml.read(xml);
    assertEquals(
        "false", d.select("//application-ref[@ref='felu']").get(0).getAttribute("enabled"));
    assertEquals(
        "", d.select("//application-ref[@ref='__admingui']").get(0).getAttribute("enabled"));
  }

  @Test
  void aDomainXmlWithADoctypeIsRefusedSoNoExternalEntityIsRead() throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "s3cret");
    Path xml = dir.resolve("domain.xml");
    Files.writeString(
        xml,
        "<?xml version=\"1.0\"?><!DOCTYPE domain [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]><domain><configs><config name=\"server-config\">&x;</config></configs></domain>");
    assertThrows(IOException.class, () -> DomainXml.read(xml));
  }

  @Test
  void aClusterDetectsALostMemberWithinSecondsInEveryConfiguration() throws Exception {
    Path xml = domainXml();
    DomainXml.read(xml).detectFailedMembersQuickly().write();
    DomainXml.read(xml).detectFailedMembersQuickly().write(); // before every start: nothing doubles
    for (String config : List.of("server-config", "default-config")) {
      List<String> options = DomainXml.read(xml).jvmOptions(config);
      assertEquals(
          DomainXml.FAILURE_DETECTION_OPTIONS,
          options.stream().filter(o -> o.startsWith("-Dhazelcast.")).toList(),
          config);
    }
  }

  @Test
  void aClusterJoinsItsGridAtTheMembersGivenOnLoopback() throws Exception {
    Path xml = domainXml();
    List<String> members = List.of("127.0.0.1:20049", "127.0.0.1:20159", "127.0.0.1:20259");
    DomainXml.read(xml).lockToLoopback().joinGridAt(members).write();
    Element hazelcast = DomainXml.read(xml).select("//hazelcast-runtime-configuration").get(0);
    assertEquals("tcpip", hazelcast.getAttribute("discovery-mode"));
    assertEquals(String.join(",", members), hazelcast.getAttribute("tcpip-members"));
    assertEquals("127.0.0.1", hazelcast.getAttribute("interface"));
  }
}

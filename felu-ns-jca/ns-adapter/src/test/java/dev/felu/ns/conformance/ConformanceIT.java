package dev.felu.ns.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.conformance.CaseFiles.Entry;
import dev.felu.ns.conformance.ExpectedReply.Part;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.Record;

/**
 * DNS conformance ({@link ConformanceSuite}) against the nameserver engine itself: a real felu
 * nameserver on loopback UDP and TCP sockets, loaded with the three zones of {@code
 * conformance/zones/}. {@code FleetIT} runs the same suite against a Payara Micro nameserver fed by
 * the management server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceIT {
  private final ServedZones zones = new ServedZones();
  private NameserverEngine engine;
  private InetSocketAddress dns;

  @BeforeAll
  void startNameserver() throws Exception {
    engine =
        new NameserverEngine(
            ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)), new DaemonThreads());
    Reply applied = null;
    // transfers allowed from loopback, as the reference Knot allowed them
    for (byte[] frame : Zones.snapshotFrames(1, zones.contents(), List.of("127.0.0.0/8"))) {
      applied = ProtocolCodec.decodeReply(engine.handleConfigFrame(frame));
    }
    assertTrue(applied.ok(), applied.error());
    assertTrue(applied.serving(), applied.error());
    dns = engine.dnsAddress();
  }

  @AfterAll
  void stopNameserver() throws Exception {
    if (engine != null) {
      engine.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> knotReferenceCases() {
    return new ConformanceSuite(dns).knotCases();
  }

  @TestFactory
  Stream<DynamicTest> feluCases() {
    return new ConformanceSuite(dns).feluCases();
  }

  /**
   * Guards the harness rather than the nameserver: every reference RRset that the zone files hold
   * verbatim parses to the same canonical rdata as the zone file's records, so a section mismatch
   * is never a parsing artefact (HTTPS, CAA, TXT escapes, unknown types …).
   */
  @Test
  void referenceRdataParsesLikeTheZoneFiles() {
    int checked = 0;
    for (Entry entry : CaseFiles.knotCases()) {
      for (Part p : Part.values()) {
        for (RRsetText want : entry.reference().sections().get(p)) {
          List<Record> held = new ArrayList<>();
          for (ZoneContent z : zones.contents()) {
            for (Record r : z.records()) {
              if (r.getName().toString().equalsIgnoreCase(want.owner())
                  && r.getType() == want.type()
                  && r.getDClass() == want.dclass()) {
                held.add(r);
              }
            }
          }
          if (!held.isEmpty() && RRsetText.group(held).size() == 1) {
            RRsetText zone = RRsetText.group(held).get(0);
            assertEquals(
                zone.rdatas().keySet(),
                want.rdatas().keySet(),
                entry.query().id() + " " + p.label() + ": " + want + " vs zone " + zone);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 100, "only " + checked + " RRsets checked");
  }
}

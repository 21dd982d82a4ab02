package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.api.ConfigLinkRefused;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One config link at a time, by leadership epoch (ARCHITECTURE.md#flow-cluster). */
class ConfigLinksTest {
  private final ConfigLinks links = new ConfigLinks();

  @Test
  void aLinkOfAnEqualOrHigherEpochSupersedesTheOpenOne() {
    AtomicInteger firstClosed = new AtomicInteger();
    ConfigLinks.Admission first = links.admit(100, firstClosed::incrementAndGet);
    assertTrue(first.admitted());
    assertNull(first.superseded(), "nothing was open");

    // the same driver reconnecting after a half-open link: the same epoch is not locked out
    ConfigLinks.Admission again = links.admit(100, () -> {});
    assertTrue(again.admitted());
    assertNotNull(again.superseded());
    again.superseded().run();
    assertEquals(1, firstClosed.get());
    assertFalse(links.isCurrent(first.link()), "the superseded link applies nothing more");
    assertTrue(links.isCurrent(again.link()));

    // a new driver after a takeover
    ConfigLinks.Admission newer = links.admit(250, () -> {});
    assertTrue(newer.admitted());
    assertEquals(250, links.epoch());
    assertEquals(2, links.supersededTotal());
    assertEquals(0, links.refusedTotal());
  }

  @Test
  void aLinkOfALowerEpochIsRefusedWhileTheNewerOneIsOpen() {
    ConfigLinks.Admission leader = links.admit(200, () -> {});
    String why = links.wouldRefuse(199);
    assertNotNull(why);
    assertTrue(why.contains("newer leadership epoch is open (200; this one 199)"), why);
    assertNull(links.wouldRefuse(200));

    ConfigLinks.Admission stale = links.admit(199, () -> {});
    assertFalse(stale.admitted());
    assertEquals(why, stale.reason());
    assertTrue(links.isCurrent(leader.link()), "the newer link stays");
    assertEquals(1, links.refusedTotal());
    assertEquals(200, links.epoch());
  }

  @Test
  void withNoLinkOpenAnyEpochIsAdmitted() {
    ConfigLinks.Admission leader = links.admit(200, () -> {});
    assertTrue(links.closed(leader.link()));
    assertFalse(links.closed(leader.link()), "a link ends once");
    assertFalse(links.open());
    assertEquals(200, links.epoch(), "the last epoch stays readable for the metrics");
    assertNull(links.wouldRefuse(5));
    assertTrue(links.admit(5, () -> {}).admitted(), "a nameserver orders only overlapping links");
  }

  @Test
  void theEndOfASupersededLinkDoesNotEndTheOpenOne() {
    ConfigLinks.Admission old = links.admit(1, () -> {});
    ConfigLinks.Admission now = links.admit(2, () -> {});
    assertFalse(links.closed(old.link()));
    assertTrue(links.open());
    assertTrue(links.isCurrent(now.link()));
  }

  @Test
  void aNegativeEpochIsABug() {
    assertThrows(IllegalArgumentException.class, () -> links.admit(-1, () -> {}));
  }

  /**
   * The engine with two links at once: the superseded link's unfinished transfer is discarded, its
   * later frames get no reply and apply nothing, the newer link's transfer is applied; a lower
   * epoch is refused with the reason; the metrics count both.
   */
  @Test
  void anEngineAppliesOnlyTheOpenLinksFrames() throws Exception {
    try (NameserverEngine engine =
        new NameserverEngine(
            ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)),
            new DaemonThreads())) {
      AtomicInteger oldClosed = new AtomicInteger();
      long old = engine.openConfigLink(10, oldClosed::incrementAndGet);
      ZoneContent v1 = example("192.0.2.10");
      List<Message> oldTransfer =
          TransferWriter.messages(
              Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())),
              List.of(v1),
              List.of());
      // the old driver has begun a transfer when the newer one connects
      assertTrue(reply(engine, old, oldTransfer.get(0)).ok());

      long now = engine.openConfigLink(11, () -> {});
      assertEquals(1, oldClosed.get(), "the superseded session is closed");
      for (Message m : oldTransfer.subList(1, oldTransfer.size())) {
        assertNull(engine.handleConfigFrame(old, ProtocolCodec.encode(m)), "no reply, no effect");
      }
      assertEquals(-1, engine.metrics().configRevision(), "nothing of the old link was applied");

      ZoneContent v2 = example("192.0.2.11");
      Reply last = null;
      for (Message m :
          TransferWriter.messages(
              Message.Begin.snapshot(2, ConfigHash.EMPTY.plus(v2.digest())),
              List.of(v2),
              List.of())) {
        last = reply(engine, now, m);
        assertTrue(last.ok(), last.error());
      }
      assertEquals(2, last.revision());

      assertNotNull(engine.refuseConfigLink(10));
      ConfigLinkRefused refused =
          assertThrows(ConfigLinkRefused.class, () -> engine.openConfigLink(9, () -> {}));
      assertTrue(refused.getMessage().contains("(11; this one 9)"), refused.getMessage());

      engine.configLinkClosed(old); // the superseded link's end changes nothing
      assertTrue(reply(engine, now, new Message.StatusRequest()).ok());

      assertEquals(11, engine.metrics().configLinkEpoch());
      assertEquals(2, engine.metrics().configLinksRefused());
      assertEquals(1, engine.metrics().configLinksSuperseded());
    }
  }

  private static Reply reply(NameserverEngine engine, long link, Message m) throws Exception {
    return ProtocolCodec.decodeReply(engine.handleConfigFrame(link, ProtocolCodec.encode(m)));
  }

  private static ZoneContent example(String address) {
    return Zones.content(
        "example.test.",
        "@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300\n@ IN NS ns1\nwww 300 IN A "
            + address
            + "\n");
  }
}

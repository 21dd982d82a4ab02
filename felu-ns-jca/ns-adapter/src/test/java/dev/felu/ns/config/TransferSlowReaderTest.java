package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.dns.ResponderSettings;
import dev.felu.ns.xfr.Transfers;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Clients that ask for a big zone and never read: they hold no thread, queries keep being answered,
 * a transfer over the limit is refused, and the idle timeout gives the permits back.
 */
class TransferSlowReaderTest {
  private final NameserverEngine engine =
      new NameserverEngine(
          new ListenerSettings(new InetSocketAddress("127.0.0.1", 0), 1232, 2, 64, 1_000),
          new ResponderSettings(1232, null, null),
          new Transfers.Settings(2, 1 << 20, 10),
          new DaemonThreads());

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  @Test
  void clientsThatStopReadingAreDroppedByTheIdleTimeoutWhileQueriesGoOn() throws Exception {
    StringBuilder zone = new StringBuilder("@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300\n");
    zone.append("@ IN NS ns1\n");
    for (int i = 0; i < 60_000; i++) {
      zone.append("host").append(i).append(" 300 IN TXT \"padding padding padding ").append(i);
      zone.append("\"\n");
    }
    ZoneContent big = Zones.content("big.test.", zone.toString());
    Reply applied = null;
    for (byte[] f : Zones.snapshotFrames(1, List.of(big), List.of("127.0.0.1/32"))) {
      applied = ProtocolCodec.decodeReply(engine.handleConfigFrame(f));
    }
    assertTrue(applied.ok(), applied.error());
    InetSocketAddress dns = engine.dnsAddress();
    byte[] axfr =
        Message.newQuery(Record.newRecord(Name.fromString("big.test."), Type.AXFR, DClass.IN))
            .toWire();

    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096); // before connecting, so the window stays small
      s.connect(dns);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(axfr.length);
      out.write(axfr);
      out.flush();
      silent.add(s);
    }
    // two stream (the limit), the third is refused; none is read
    long asked = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (engine.metrics().transfers("answered") + engine.metrics().transfers("refused") < 3
        && System.nanoTime() < asked) {
      Thread.sleep(50);
    }
    assertEquals(2, engine.metrics().transfersActive());
    assertEquals(1, engine.metrics().transfers("refused"));

    SimpleResolver r = new SimpleResolver(dns);
    r.setTCP(true);
    r.setTimeout(Duration.ofSeconds(2));
    Message soa =
        r.send(
            Message.newQuery(Record.newRecord(Name.fromString("big.test."), Type.SOA, DClass.IN)));
    assertEquals(Rcode.NOERROR, soa.getRcode());

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (engine.metrics().transfersActive() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, engine.metrics().transfersActive(), "permits given back by the idle timeout");
    for (Socket s : silent) {
      s.close();
    }
  }
}

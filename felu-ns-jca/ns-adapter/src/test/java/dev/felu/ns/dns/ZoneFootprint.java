package dev.felu.ns.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.felu.ns.config.ConfigReceiver;
import dev.felu.ns.config.MemoryGuard;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * What the zone table costs on the heap, for the compact {@code ZoneData} and for the hash-map
 * table it replaced ({@link ReferenceZone}): each data set is sent as a snapshot transfer, frames
 * encoded and decoded as on the link; the compact table is what a real {@link ConfigReceiver}
 * builds from them, the old one is built from the same decoded records. Measured as heap in use
 * after a full GC (MemoryMXBean, after {@code System.gc()} until the figure settles) with the
 * tables held, minus the same before; printed per record, beside the transfer bytes per record that
 * {@link MemoryGuard} estimates from.
 *
 * <p>Not part of the build (no test suffix); run it alone, with room for the old table:
 *
 * <pre>
 * mvn -B -q -o -pl felu-ns-jca/ns-adapter -am test -Dtest=ZoneFootprint \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx3g
 * </pre>
 *
 * The figures are in docs/nameserver.md ("Memory") and behind {@link MemoryGuard}'s constants.
 */
class ZoneFootprint {
  @Test
  void reportsHeapPerRecordOfBothTables() throws Exception {
    System.out.println(
        "data set                           records  transfer B/rec  old B/rec  compact B/rec  ratio"
            + "  compact B/zone");
    measure("1,000 zones x 1,000 mixed", 1000, ZoneFootprint::mixedZone);
    measure("100 zones x 1,000 A", 100, z -> uniformZone(z, ZoneFootprint::aRecord));
    measure("100 zones x 1,000 MX", 100, z -> uniformZone(z, ZoneFootprint::mxRecord));
    measure("10 zones x 32 TXT of 64,000 chars", 10, ZoneFootprint::bigTxtZone);
    measure("10,000 zones x 10 A", 10_000, ZoneFootprint::smallZone);
  }

  private void measure(String label, int zones, IntFunction<List<Record>> zone) throws Exception {
    long before = usedAfterGc();
    ZoneTable compact = throughReceiver(zones, zone);
    long compactBytes = usedAfterGc() - before;
    long records = compact.recordCount();
    double wire = (double) compact.transferBytes() / records;
    compact = null;

    before = usedAfterGc();
    List<ReferenceZone> old = decodedReference(zones, zone);
    long oldBytes = usedAfterGc() - before;
    assertEquals(records, old.stream().mapToLong(ReferenceZone::recordCount).sum());
    old = null;

    System.out.printf(
        "%-34s %8d  %14.1f  %9.1f  %13.1f  %5.1f  %14d%n",
        label,
        records,
        wire,
        (double) oldBytes / records,
        (double) compactBytes / records,
        (double) oldBytes / compactBytes,
        compactBytes / zones);
  }

  /** A snapshot of the zones through a real receiver: the table a nameserver would hold. */
  private static ZoneTable throughReceiver(int zones, IntFunction<List<Record>> zone)
      throws Exception {
    ConfigReceiver receiver =
        new ConfigReceiver(t -> null, () -> true, new MemoryGuard(Long.MAX_VALUE, 0));
    send(zones, zone, frame -> receiver.handle(frame));
    return receiver.current();
  }

  /** The same frames, decoded; each zone's records built into the old table as it closes. */
  private static List<ReferenceZone> decodedReference(int zones, IntFunction<List<Record>> zone)
      throws Exception {
    List<ReferenceZone> built = new ArrayList<>();
    Name[] open = {null};
    List<Record> records = new ArrayList<>();
    send(
        zones,
        zone,
        frame -> {
          Message m;
          try {
            m = ProtocolCodec.decodeMessage(frame);
          } catch (ProtocolException e) {
            throw new IllegalStateException(e);
          }
          if (m instanceof Message.ZoneChunk c) {
            for (Message.ZonePart part : c.parts()) {
              open[0] = part.zone();
              records.addAll(part.records());
              if (!part.continued()) {
                built.add(ReferenceZone.build(new ZoneContent(open[0], records)));
                records.clear();
              }
            }
          }
          return ProtocolCodec.encode(new Reply(1, ConfigHash.EMPTY, true, null));
        });
    return built;
  }

  private interface Link {
    byte[] handle(byte[] frame);
  }

  /** Sends the zones as one snapshot, generating each zone only when its turn comes. */
  private static void send(int zones, IntFunction<List<Record>> zone, Link link) {
    ConfigHash hash = ConfigHash.EMPTY;
    for (int z = 0; z < zones; z++) {
      hash = hash.plus(new ZoneContent(origin(z), zone.apply(z)).digest());
    }
    TransferWriter w =
        new TransferWriter(
            Message.Begin.snapshot(1, hash),
            m -> {
              byte[] reply = link.handle(ProtocolCodec.encode(m));
              try {
                Reply r = ProtocolCodec.decodeReply(reply);
                if (!r.ok()) {
                  throw new IllegalStateException(r.error());
                }
              } catch (ProtocolException e) {
                throw new IllegalStateException(e);
              }
            });
    for (int z = 0; z < zones; z++) {
      w.startZone(origin(z));
      for (Record r : zone.apply(z)) {
        w.record(r);
      }
      w.endZone();
    }
    w.commit();
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(50);
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used && i >= 3) {
        return Math.min(now, used);
      }
      used = Math.min(used, now);
    }
    return used;
  }

  private static Name origin(int z) {
    return name("z" + z + ".bench.test.");
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Name name(String relative, Name origin) {
    try {
      return Name.fromString(relative, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** SOA, two apex NS and their addresses: five records. */
  private static List<Record> apex(Name origin) {
    List<Record> rrs = new ArrayList<>();
    Name ns1 = name("ns1", origin);
    Name ns2 = name("ns2", origin);
    rrs.add(
        new SOARecord(
            origin,
            DClass.IN,
            3600,
            ns1,
            name("hostmaster", origin),
            2026120101,
            3600,
            600,
            604800,
            300));
    rrs.add(new NSRecord(origin, DClass.IN, 3600, ns1));
    rrs.add(new NSRecord(origin, DClass.IN, 3600, ns2));
    rrs.add(new ARecord(ns1, DClass.IN, 3600, v4(53)));
    rrs.add(new ARecord(ns2, DClass.IN, 3600, v4(54)));
    return rrs;
  }

  /**
   * 1,000 records of mixed types: per 20, 8 A, 3 AAAA (beside an A), 2 MX, 2 TXT (one below an
   * empty non-terminal), a CNAME, a wildcard A, and a delegation (two NS and glue).
   */
  private static List<Record> mixedZone(int z) {
    Name origin = origin(z);
    List<Record> rrs = apex(origin);
    for (int i = 0; rrs.size() < 1000; i++) {
      int k = i % 20;
      Record r =
          switch (k) {
            case 0, 1, 2, 3, 4, 5, 6, 7 ->
                new ARecord(name("h" + i, origin), DClass.IN, 300, v4(i));
            case 8, 9, 10 -> new AAAARecord(name("h" + (i - 8), origin), DClass.IN, 300, v6(i));
            case 11, 12 ->
                new MXRecord(
                    name("m" + i, origin), DClass.IN, 3600, 10, name("h" + (i - 11), origin));
            case 13 -> txt(name("t" + i, origin), "v=spf1 ip4:192.0.2.0/24 -all");
            case 14 -> txt(name("s" + i + "._dkim.t" + (i - 1), origin), "k=rsa; p=MIGfMA0GCSqG");
            case 15 ->
                new CNAMERecord(
                    name("c" + i, origin), DClass.IN, 300, name("h" + (i - 15), origin));
            case 16 -> new ARecord(name("*.w" + i, origin), DClass.IN, 300, v4(i));
            case 17 ->
                new NSRecord(name("d" + i, origin), DClass.IN, 3600, name("ns1.d" + i, origin));
            case 18 ->
                new NSRecord(
                    name("d" + (i - 1), origin), DClass.IN, 3600, name("ns2.d" + (i - 1), origin));
            default -> new ARecord(name("ns1.d" + (i - 2), origin), DClass.IN, 3600, v4(i));
          };
      rrs.add(r);
    }
    return rrs;
  }

  private interface RecordAt {
    Record at(Name origin, int i);
  }

  private static List<Record> uniformZone(int z, RecordAt record) {
    Name origin = origin(z);
    List<Record> rrs = apex(origin);
    for (int i = 0; rrs.size() < 1000; i++) {
      rrs.add(record.at(origin, i));
    }
    return rrs;
  }

  /** Five apex records and five A records: mostly what every zone costs beyond its records. */
  private static List<Record> smallZone(int z) {
    Name origin = origin(z);
    List<Record> rrs = apex(origin);
    for (int i = 0; i < 5; i++) {
      rrs.add(aRecord(origin, i));
    }
    return rrs;
  }

  private static Record aRecord(Name origin, int i) {
    return new ARecord(name("h" + i, origin), DClass.IN, 300, v4(i));
  }

  private static Record mxRecord(Name origin, int i) {
    return new MXRecord(name("m" + i, origin), DClass.IN, 300, 10, name("mail" + i, origin));
  }

  /** Five apex records and 32 TXT records of 64,000 characters (251 strings of 255). */
  private static List<Record> bigTxtZone(int z) {
    Name origin = origin(z);
    List<Record> rrs = apex(origin);
    for (int i = 0; i < 32; i++) {
      List<String> strings = new ArrayList<>();
      for (int s = 0; s < 251; s++) {
        strings.add(Character.toString('a' + (s + i) % 26).repeat(s == 250 ? 250 : 255));
      }
      rrs.add(new TXTRecord(name("big" + i, origin), DClass.IN, 300, strings));
    }
    return rrs;
  }

  private static TXTRecord txt(Name owner, String text) {
    return new TXTRecord(owner, DClass.IN, 300, text);
  }

  private static InetAddress v4(int i) {
    try {
      return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress v6(int i) {
    byte[] a = new byte[16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = (byte) 0xb8;
    a[14] = (byte) (i >> 8);
    a[15] = (byte) i;
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

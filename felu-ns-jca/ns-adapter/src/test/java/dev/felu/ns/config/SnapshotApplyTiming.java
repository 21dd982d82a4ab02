package dev.felu.ns.config;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneDigest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * How long the nameserver side of a full sync takes, without a network or a database: a snapshot of
 * {@code zones × records} A records (the bench's shape: 100 zones of 10,000 by default) is encoded
 * into frames once, then fed to a fresh {@link NameserverEngine} several times, each apply timed
 * from its Begin to its Commit's reply. Not a test (no assertion on time): run it by hand with the
 * test classpath, {@code java … dev.felu.ns.config.SnapshotApplyTiming [zones] [records] [rounds]}.
 */
public final class SnapshotApplyTiming {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SnapshotApplyTiming() {}

  public static void main(String[] args) throws Exception {
    int zones = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int perZone = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    long encodeStart = System.nanoTime();
    ConfigHash hash = ConfigHash.EMPTY;
    List<byte[]> frames = new ArrayList<>();
    List<List<Record>> content = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      content.add(zone(z, perZone));
    }
    long digestStart = System.nanoTime();
    for (int z = 0; z < zones; z++) {
      hash = hash.plus(ZoneDigest.of(origin(z), content.get(z)));
    }
    long writeStart = System.nanoTime();
    TransferWriter w =
        new TransferWriter(
            Message.Begin.snapshot(1, hash), m -> frames.add(ProtocolCodec.encode(m)));
    for (int z = 0; z < zones; z++) {
      w.startZone(origin(z));
      content.get(z).forEach(w::record);
      w.endZone();
    }
    w.commit();
    long written = System.nanoTime();
    long bytes = frames.stream().mapToLong(f -> f.length).sum();
    System.out.printf(
        "%d records in %d frames (%d MB): records made %.2f s, digests %.2f s, written %.2f s%n",
        w.recordCount(),
        frames.size(),
        bytes >> 20,
        (digestStart - encodeStart) / 1e9,
        (writeStart - digestStart) / 1e9,
        (written - writeStart) / 1e9);
    content = null;
    if (Boolean.getBoolean("parts")) {
      parts(frames);
      sending(zones, perZone);
    }
    for (int round = 0; round < rounds; round++) {
      try (NameserverEngine engine =
          new NameserverEngine(
              ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)),
              new DaemonThreads())) {
        System.gc();
        long start = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        Reply last = null;
        for (byte[] f : frames) {
          last = ProtocolCodec.decodeReply(engine.handleConfigFrame(f));
          if (!last.ok()) {
            throw new IllegalStateException(last.error());
          }
        }
        System.out.printf(
            "round %d: applied in %.2f s, %.2f s CPU of this thread (revision %d)%n",
            round,
            (System.nanoTime() - start) / 1e9,
            (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9,
            last.revision());
      }
    }
  }

  /**
   * Thread CPU of what the management server does per record of a snapshot: parse the stored text
   * (as {@code TransferReader} does), cut chunks and encode frames.
   */
  private static void sending(int zones, int perZone) throws Exception {
    for (int round = 0; round < 3; round++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      List<List<Record>> parsed = new ArrayList<>();
      for (int z = 0; z < zones; z++) {
        List<Record> rrs = new ArrayList<>(perZone);
        for (int h = 0; h < perZone; h++) {
          rrs.add(
              Record.fromString(
                  Name.fromString("h" + h + ".z" + z + ".bulk.test."),
                  org.xbill.DNS.Type.A,
                  DClass.IN,
                  300,
                  "10." + ((h >> 16) & 0xFF) + "." + ((h >> 8) & 0xFF) + "." + (h & 0xFF),
                  Name.root));
        }
        parsed.add(rrs);
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      long[] bytes = {0};
      TransferWriter w =
          new TransferWriter(
              Message.Begin.snapshot(1, ConfigHash.EMPTY),
              m -> bytes[0] += ProtocolCodec.encode(m).length);
      for (int z = 0; z < zones; z++) {
        w.startZone(origin(z));
        parsed.get(z).forEach(w::record);
        w.endZone();
      }
      w.commit();
      long t2 = THREADS.getCurrentThreadCpuTime();
      System.out.printf(
          "CPU: parse stored text %.2f s, chunk and encode %.2f s (%d MB)%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, bytes[0] >> 20);
    }
  }

  /** Thread CPU of the steps of an apply, each alone: decoding, building zones, digests. */
  private static void parts(List<byte[]> frames) throws Exception {
    for (int round = 0; round < 3; round++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      List<Message> decoded = new ArrayList<>();
      for (byte[] f : frames) {
        decoded.add(ProtocolCodec.decodeMessage(f));
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      java.util.Map<Name, List<Record>> zones = new java.util.LinkedHashMap<>();
      for (Message m : decoded) {
        if (m instanceof Message.ZoneChunk c) {
          for (Message.ZonePart p : c.parts()) {
            zones.computeIfAbsent(p.zone(), n -> new ArrayList<>()).addAll(p.records());
          }
        }
      }
      long t2 = THREADS.getCurrentThreadCpuTime();
      for (var e : zones.entrySet()) {
        ZoneDigest.of(e.getKey(), e.getValue());
      }
      long t3 = THREADS.getCurrentThreadCpuTime();
      for (var e : zones.entrySet()) {
        dev.felu.ns.zone.ZoneData.build(
            new dev.felu.protocol.ZoneContent(e.getKey(), e.getValue()));
      }
      long t4 = THREADS.getCurrentThreadCpuTime();
      System.out.printf(
          "CPU: decode %.2f s, digests %.2f s, build (digest included) %.2f s%n",
          (t1 - t0) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
    }
  }

  private static Name origin(int z) throws Exception {
    return Name.fromString("z" + z + ".bulk.test.");
  }

  private static List<Record> zone(int z, int hosts) throws Exception {
    Name origin = origin(z);
    List<Record> rrs = new ArrayList<>(hosts + 2);
    Name ns = new Name("ns1", origin);
    rrs.add(
        new SOARecord(
            origin, DClass.IN, 3600, ns, new Name("h", origin), 1, 3600, 600, 1209600, 60));
    rrs.add(new NSRecord(origin, DClass.IN, 3600, ns));
    byte[] a = new byte[4];
    for (int h = 0; h < hosts; h++) {
      a[0] = 10;
      a[1] = (byte) (h >> 16);
      a[2] = (byte) (h >> 8);
      a[3] = (byte) h;
      rrs.add(new ARecord(new Name("h" + h, origin), DClass.IN, 300, InetAddress.getByAddress(a)));
    }
    return rrs;
  }
}

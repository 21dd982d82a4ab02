package dev.felu.ns.dns;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The in-process cost of one UDP query on the path the UDP listener takes ({@link
 * CountingResponder#respond}: responder, statistics, rate limiter off): nanoseconds and bytes
 * allocated per query, for the query mix of issue 13 (80 % existing names, 10 % NXDOMAIN, 5 %
 * NODATA, 5 % CNAME and wildcard, a share of referrals) over {@code zones} zones of {@code records}
 * A records each. Not a test: run by hand (docs/nameserver.md, "Query path"):
 *
 * <pre>
 * mvn -q -pl felu-ns-jca/ns-adapter -am test-compile
 * java -cp "$(cat cp.txt):felu-ns-jca/ns-adapter/target/classes:felu-ns-jca/ns-adapter/target/test-classes" \
 *     dev.felu.ns.dns.QueryPathBench [zones] [records] [seconds]
 * </pre>
 *
 * It measures three ways, round after round: {@code Message} (the query parsed, looked up and
 * rendered through dnsjava: {@link Responder#respondThroughMessage}, the only way before the wire
 * path), {@code wire} ({@link Responder#respond}) and {@code listener} (the wire path with the
 * counting the UDP listener adds). Single-threaded: CPU ns/query is the figure that queries per
 * CPU-second follow from; wall time also counts whatever else the machine runs.
 */
public final class QueryPathBench {
  private QueryPathBench() {}

  public static void main(String[] args) throws Exception {
    int zones = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
    ZoneTable table = ZoneTable.of(1, zones(zones, records));
    List<byte[]> queries = queries(zones, records, 20_000, new Random(13));
    Responder plain = new Responder(() -> table, 1232);
    CountingResponder counting = new CountingResponder(plain, new DnsStats());
    InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    System.out.printf(
        "%d zones × %d records, %d distinct queries, %s%n",
        zones, records, queries.size(), Runtime.version());
    // the three measured back to back, round after round, so that a loaded machine weighs on each
    for (int round = 0; round < 4; round++) {
      String when = round == 0 ? " (warm-up)" : "";
      run(q -> plain.respondThroughMessage(q, q.length, true), queries, seconds, "Message" + when);
      run(q -> plain.respond(q, q.length, true), queries, seconds, "wire" + when);
      run(q -> counting.respond(q, q.length, true, client), queries, seconds, "listener" + when);
    }
  }

  private static void run(
      java.util.function.Function<byte[], byte[]> responder,
      List<byte[]> queries,
      double seconds,
      String label) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long bytesBefore = threads.getThreadAllocatedBytes(thread);
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long count = 0;
    long responseBytes = 0;
    int n = queries.size();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 1000; i++) {
        byte[] q = queries.get((int) (count++ % n));
        byte[] r = responder.apply(q);
        responseBytes += r == null ? 0 : r.length;
      }
    }
    long wall = System.nanoTime() - start;
    long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
    long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
    System.out.printf(
        "%-20s %9d queries  %6.0f ns/query (CPU %6.0f)  %5.0f bytes allocated/query  %3.0f bytes"
            + " answer%n",
        label,
        count,
        (double) wall / count,
        (double) cpu / count,
        (double) bytes / count,
        (double) responseBytes / count);
  }

  /** Zone i: {@code z<i>.bench.}, apex, {@code records} hosts, a wildcard, a CNAME, delegations. */
  static List<ZoneData> zones(int zones, int records) {
    List<ZoneData> out = new ArrayList<>(zones);
    for (int z = 0; z < zones; z++) {
      out.add(ZoneData.build(Zones.content(origin(z), zoneFile(records))));
    }
    return out;
  }

  static String origin(int zone) {
    return "z" + zone + ".bench.";
  }

  /** The zone file of every bench zone (relative names, so one text serves them all). */
  static String zoneFile(int records) {
    {
      StringBuilder f = new StringBuilder(records * 40);
      f.append("@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300\n");
      f.append("@ 3600 IN NS ns1\n@ 3600 IN NS ns2\n");
      f.append("ns1 3600 IN A 192.0.2.1\nns2 3600 IN A 192.0.2.2\n");
      f.append("@ 3600 IN MX 10 mail\nmail 3600 IN A 192.0.2.25\n");
      f.append("*.wild 300 IN A 192.0.2.77\n");
      for (int i = 0; i < records; i++) {
        f.append("host").append(i).append(" 300 IN A 198.51.100.").append(i % 250).append('\n');
      }
      for (int i = 0; i < 10; i++) {
        f.append("alias").append(i).append(" 300 IN CNAME host").append(i).append('\n');
        f.append("sub").append(i).append(" 3600 IN NS ns.sub").append(i).append('\n');
        f.append("ns.sub").append(i).append(" 3600 IN A 192.0.2.").append(100 + i).append('\n');
      }
      return f.toString();
    }
  }

  /** The mix: 80 % existing, 10 % NXDOMAIN, 5 % NODATA, 3 % CNAME/wildcard, 2 % referrals. */
  static List<byte[]> queries(int zones, int records, int count, Random rnd) {
    List<byte[]> out = new ArrayList<>(count);
    for (String line : queryLines(zones, records, count, rnd)) {
      String[] parts = line.split(" ");
      try {
        Message m =
            Message.newQuery(
                Record.newRecord(Name.fromString(parts[0]), Type.value(parts[1]), DClass.IN));
        if (rnd.nextInt(10) < 7) {
          // most resolvers send EDNS (dnsperf does with -D or -e); some do not
          m.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        }
        m.getHeader().setID(rnd.nextInt(65536));
        out.add(m.toWire());
      } catch (TextParseException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** The mix as dnsperf's query file has it: {@code name type}, one a line. */
  static List<String> queryLines(int zones, int records, int count, Random rnd) {
    List<String> out = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      String zone = origin(rnd.nextInt(zones));
      int pick = rnd.nextInt(100);
      String name;
      int type = Type.A;
      if (pick < 80) {
        name = "host" + rnd.nextInt(records) + "." + zone;
      } else if (pick < 90) {
        name = "nohost" + rnd.nextInt(records) + "." + zone;
      } else if (pick < 95) {
        name = "host" + rnd.nextInt(records) + "." + zone;
        type = Type.AAAA;
      } else if (pick < 97) {
        name = "alias" + rnd.nextInt(10) + "." + zone;
      } else if (pick < 98) {
        name = "x" + rnd.nextInt(1000) + ".wild." + zone;
      } else {
        name = "www.sub" + rnd.nextInt(10) + "." + zone;
      }
      out.add(name + " " + Type.string(type));
    }
    return out;
  }
}

package dev.felu.ns.dns;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A felu nameserver engine on loopback serving {@link QueryPathBench}'s zones, for dnsperf, and the
 * same zones, a Knot configuration and a dnsperf query file written to a folder, so that Knot can
 * serve the very same set beside it (docs/nameserver.md, "Query path"). Not a test: run by hand,
 * {@code QueryPathServer <folder> <felu port> <knot port> [zones] [records] [udp workers]}; it
 * serves until killed.
 */
public final class QueryPathServer {
  private QueryPathServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int knotPort = Integer.parseInt(args[2]);
    int zones = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int records = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    int workers = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    Files.createDirectories(dir.resolve("zones"));
    String zoneFile = QueryPathBench.zoneFile(records);
    StringBuilder knot = new StringBuilder();
    knot.append("server:\n  listen: 127.0.0.1@")
        .append(knotPort)
        .append("\n  rundir: ")
        .append(dir.toAbsolutePath())
        .append("\n  udp-workers: ")
        .append(workers)
        .append("\n  tcp-workers: 1\n  background-workers: 1\n")
        .append("log:\n  - target: stderr\n    any: warning\n")
        .append("database:\n  storage: ")
        .append(dir.toAbsolutePath().resolve("db"))
        .append("\ntemplate:\n  - id: default\n    storage: ")
        .append(dir.toAbsolutePath().resolve("zones"))
        .append("\n    file: \"%s.zone\"\n    zonefile-sync: -1\n    journal-content: none\n")
        .append("zone:\n");
    List<ZoneContent> contents = new ArrayList<>(zones);
    for (int z = 0; z < zones; z++) {
      String origin = QueryPathBench.origin(z);
      Files.writeString(
          dir.resolve("zones").resolve(origin + "zone"), "$ORIGIN " + origin + "\n" + zoneFile);
      knot.append("  - domain: ").append(origin).append('\n');
      contents.add(Zones.content(origin, zoneFile));
    }
    Files.writeString(dir.resolve("knot.conf"), knot.toString());
    Files.write(
        dir.resolve("queries.txt"),
        QueryPathBench.queryLines(zones, records, 100_000, new Random(13)));
    NameserverEngine engine =
        new NameserverEngine(
            new ListenerSettings(
                new InetSocketAddress("127.0.0.1", port), 1232, workers, 64, 10_000),
            new DaemonThreads());
    Reply applied = null;
    for (byte[] frame : Zones.snapshotFrames(1, contents)) {
      applied = ProtocolCodec.decodeReply(engine.handleConfigFrame(frame));
    }
    if (applied == null || !applied.serving()) {
      throw new IllegalStateException("not serving: " + (applied == null ? "" : applied.error()));
    }
    System.out.println("serving " + zones + " zones on " + engine.dnsAddress());
    Thread.currentThread().join();
  }
}

package dev.felu.ns.xfr;

import dev.felu.ns.zone.ZoneData;
import dev.felu.protocol.ZoneContent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Zones, keys and a loopback TCP server for the transfer tests. */
final class XfrFixtures {
  static final Name ORIGIN = name("example.test.");
  static final Name KEY = name("xfr-key.");
  static final Name OTHER_KEY = name("other-key.");
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final byte[] OTHER_SECRET =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

  private XfrFixtures() {}

  static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TsigKeys ring(Clock clock) {
    return TsigKeys.of(
        Map.of(
            KEY, new TsigKeys.Key(TSIG.HMAC_SHA256, SECRET),
            OTHER_KEY, new TsigKeys.Key(TSIG.HMAC_SHA256, OTHER_SECRET)),
        clock);
  }

  /** The client's view of the ring's key. */
  static TSIG clientKey() {
    return new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);
  }

  static SOARecord soa(long serial) {
    return new SOARecord(
        ORIGIN,
        DClass.IN,
        3600,
        name("ns1.example.test."),
        name("hostmaster.example.test."),
        serial,
        7200,
        3600,
        1209600,
        300);
  }

  static ZoneData zone(List<Record> records) {
    return ZoneData.build(new ZoneContent(ORIGIN, records));
  }

  /**
   * A zone of {@code names} owners below the origin with A, AAAA, TXT and MX records, SOA and NS at
   * the apex; one TTL per RRset, lower-case owners (the table keeps no other case).
   */
  static List<Record> randomZone(Random rnd, int names, long serial) {
    Map<String, Record> records = new LinkedHashMap<>();
    put(records, soa(serial));
    put(records, new NSRecord(ORIGIN, DClass.IN, 3600, name("ns1.example.test.")));
    for (int i = 0; i < names; i++) {
      Name owner = name("h" + i + (rnd.nextInt(4) == 0 ? ".sub" : "") + ".example.test.");
      for (int r = 0; r < 1 + rnd.nextInt(3); r++) {
        put(records, randomRecord(rnd, owner));
      }
    }
    return values(records);
  }

  /** The records of {@code before} changed at random: some deleted, some added, some TTLs moved. */
  static List<Record> mutate(Random rnd, List<Record> before, long serial) {
    Map<String, Record> records = new LinkedHashMap<>();
    Map<String, Long> ttlChange = new LinkedHashMap<>();
    for (Record r : before) {
      if (r.getType() == Type.SOA) {
        put(records, soa(serial));
      } else if (rnd.nextInt(10) == 0) {
        continue; // deleted
      } else {
        String set = r.getName() + "/" + r.getType();
        long ttl =
            ttlChange.computeIfAbsent(
                set, s -> rnd.nextInt(15) == 0 ? r.getTTL() + 60 : r.getTTL());
        put(records, withTtl(r, ttl));
      }
    }
    for (int i = 0; i < 1 + rnd.nextInt(10); i++) {
      Name owner = name("n" + rnd.nextInt(1000) + ".example.test.");
      put(records, randomRecord(rnd, owner));
    }
    return values(records);
  }

  private static Record randomRecord(Random rnd, Name owner) {
    try {
      return switch (rnd.nextInt(4)) {
        case 0 ->
            new ARecord(
                owner,
                DClass.IN,
                300,
                InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) rnd.nextInt(256)}));
        case 1 ->
            new AAAARecord(
                owner,
                DClass.IN,
                600,
                InetAddress.getByName("2001:db8::" + Integer.toHexString(rnd.nextInt(65536))));
        case 2 -> new TXTRecord(owner, DClass.IN, 900, "text " + rnd.nextInt(1_000_000));
        default ->
            new MXRecord(
                owner,
                DClass.IN,
                1200,
                rnd.nextInt(50),
                name("mx" + rnd.nextInt(20) + ".example.test."));
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One record per identity; an RRset keeps the TTL its first record had. */
  private static void put(Map<String, Record> records, Record r) {
    String set = r.getName() + "/" + r.getType() + "/ttl";
    Record first = records.get(set);
    if (first != null) {
      r = withTtl(r, first.getTTL());
    }
    records.putIfAbsent(set, r);
    records.putIfAbsent(r.toString(), r);
  }

  /** The records {@link #put} gathered, each once. */
  private static List<Record> values(Map<String, Record> records) {
    List<Record> out = new ArrayList<>();
    records.forEach(
        (k, r) -> {
          if (!k.endsWith("/ttl")) {
            out.add(r);
          }
        });
    return out;
  }

  static Record withTtl(Record r, long ttl) {
    return Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical());
  }

  /** Records as text, the way the tests compare sets of them. */
  static Set<String> text(Iterable<Record> records) {
    Set<String> out = new TreeSet<>();
    for (Record r : records) {
      out.add(r.toString());
    }
    return out;
  }

  /**
   * A loopback TCP server answering transfer requests from one {@link TransferResponder}, one
   * request per connection, writing every message of the answer, framed.
   */
  static final class Server implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    Server(TransferResponder responder, ZoneData zone) throws IOException {
      socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] query = new byte[in.readUnsignedShort()];
                    in.readFully(query);
                    Message request = new Message(query);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    try (TransferMessages answer =
                        responder.answerTcp(request, query, s.getInetAddress(), zone)) {
                      while (answer.hasNext()) {
                        byte[] m = answer.next();
                        out.writeShort(m.length);
                        out.write(m);
                      }
                    }
                    out.flush();
                  } catch (IOException e) {
                    // closed, or the client went away: next connection
                  }
                }
              },
              "xfr-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Every message of a stream, parsed; the stream is closed. */
  static List<byte[]> drain(TransferMessages messages) {
    List<byte[]> out = new ArrayList<>();
    try (messages) {
      for (Iterator<byte[]> it = messages; it.hasNext(); ) {
        out.add(it.next());
      }
    }
    return out;
  }
}

package dev.felu.ns.dns;

import static dev.felu.ns.dns.ResponseRateLimiter.Verdict.DROP;
import static dev.felu.ns.dns.ResponseRateLimiter.Verdict.SEND;
import static dev.felu.ns.dns.ResponseRateLimiter.Verdict.SLIP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.dns.ResponseRateLimiter.Verdict;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The limiter on a clock the test moves: rates, buckets, slip and whitelist, exactly. */
class ResponseRateLimiterTest {
  private static final long MS = 1_000_000;

  private final AtomicLong now = new AtomicLong(123 * MS);
  private final ZoneTable table =
      ZoneTable.of(1, List.of(Zones.zone("example.test.", Zones.EXAMPLE)));
  private final Responder responder = new Responder(() -> table, 1232);
  private final byte[] positive = answer("www.example.test.", Type.A);
  private final byte[] nxdomain = answer("nope.example.test.", Type.A);

  private ResponseRateLimiter limiter(int rate, int slip, String... whitelist) {
    return limiter(rate, slip, RateLimitSettings.DEFAULT_TABLE_SIZE, whitelist);
  }

  private ResponseRateLimiter limiter(int rate, int slip, int tableSize, String... whitelist) {
    List<ClientNetwork> networks = new ArrayList<>();
    for (String w : whitelist) {
      networks.add(ClientNetwork.parse(w));
    }
    RateLimitSettings settings = new RateLimitSettings(rate, slip, 24, 56, tableSize, networks);
    return new ResponseRateLimiter(settings, now::get, 42);
  }

  private byte[] answer(String name, int type) {
    byte[] q =
        Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN)).toWire();
    return responder.respond(q, q.length, true);
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  /** Verdicts of {@code n} responses to {@code client}, all at the current time. */
  private static List<Verdict> burst(ResponseRateLimiter l, String client, byte[] r, int n)
      throws Exception {
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(l.check(ip(client), r));
    }
    return out;
  }

  private static long count(List<Verdict> verdicts, Verdict v) {
    return verdicts.stream().filter(v::equals).count();
  }

  @Test
  void isOffByDefaultAndThenSpendsNoTable() throws Exception {
    ResponseRateLimiter off = new ResponseRateLimiter(RateLimitSettings.off());
    assertEquals(0, off.buckets());
    assertEquals(10_000, count(burst(off, "192.0.2.1", positive, 10_000), SEND));
  }

  @Test
  void sendsABurstOfRateThenLimits() throws Exception {
    ResponseRateLimiter l = limiter(5, 0);
    assertEquals(
        List.of(SEND, SEND, SEND, SEND, SEND, DROP, DROP), burst(l, "192.0.2.1", positive, 7));

    now.addAndGet(199 * MS);
    assertEquals(DROP, l.check(ip("192.0.2.1"), positive), "one interval (200 ms) not yet over");
    now.addAndGet(MS);
    assertEquals(List.of(SEND, DROP), burst(l, "192.0.2.1", positive, 2), "one token per 200 ms");

    now.addAndGet(60_000 * MS);
    assertEquals(5, count(burst(l, "192.0.2.1", positive, 20), SEND), "a quiet minute: 5, no more");
  }

  @Test
  void holdsASteadyFloodToTheRate() throws Exception {
    ResponseRateLimiter l = limiter(20, 0);
    long sent = 0;
    for (int i = 0; i < 10_000; i++) { // 1000 a second for 10 s
      if (l.check(ip("192.0.2.1"), positive) == SEND) {
        sent++;
      }
      now.addAndGet(MS);
    }
    // the first second's burst of 20, then 20 a second
    assertTrue(sent >= 200 && sent <= 220, sent + " sent, want 200..220");
  }

  @Test
  void countsPerClientNetwork() throws Exception {
    ResponseRateLimiter l = limiter(3, 0);
    assertEquals(3, count(burst(l, "192.0.2.1", positive, 10), SEND));
    assertEquals(0, count(burst(l, "192.0.2.254", positive, 10), SEND), "same /24, same bucket");
    assertEquals(3, count(burst(l, "192.0.3.1", positive, 10), SEND), "next /24, its own");
    assertEquals(3, count(burst(l, "2001:db8:0:100::1", positive, 10), SEND));
    assertEquals(
        0, count(burst(l, "2001:db8:0:1ff:ffff::1", positive, 10), SEND), "same /56, same bucket");
    assertEquals(3, count(burst(l, "2001:db8:0:200::1", positive, 10), SEND), "next /56, its own");
  }

  @Test
  void countsEachResponseClassApart() throws Exception {
    ResponseRateLimiter l = limiter(2, 0);
    assertEquals(2, count(burst(l, "192.0.2.1", positive, 5), SEND));
    assertEquals(2, count(burst(l, "192.0.2.1", nxdomain, 5), SEND));
    assertEquals(ResponseRateLimiter.POSITIVE, ResponseRateLimiter.responseClass(positive));
    assertEquals(ResponseRateLimiter.NXDOMAIN, ResponseRateLimiter.responseClass(nxdomain));
    assertEquals(
        ResponseRateLimiter.NODATA,
        ResponseRateLimiter.responseClass(answer("www.example.test.", Type.MX)));
    assertEquals(
        ResponseRateLimiter.ERROR,
        ResponseRateLimiter.responseClass(answer("www.elsewhere.test.", Type.A))); // REFUSED
  }

  @Test
  void slipsEveryNthLimitedResponse() throws Exception {
    assertEquals(
        List.of(SEND, SLIP, DROP, DROP, SLIP, DROP, DROP, SLIP),
        burst(limiter(1, 3), "192.0.2.1", positive, 8));
    assertEquals(
        List.of(SEND, SLIP, DROP, SLIP, DROP), burst(limiter(1, 2), "192.0.2.1", positive, 5));
    assertEquals(List.of(SEND, SLIP, SLIP, SLIP), burst(limiter(1, 1), "192.0.2.1", positive, 4));
    assertEquals(List.of(SEND, DROP, DROP, DROP), burst(limiter(1, 0), "192.0.2.1", positive, 4));
  }

  @Test
  void neverLimitsWhitelistedNetworks() throws Exception {
    ResponseRateLimiter l = limiter(1, 0, "127.0.0.0/8", "2001:db8::/32");
    assertEquals(100, count(burst(l, "127.0.0.1", positive, 100), SEND));
    assertEquals(100, count(burst(l, "127.255.0.9", positive, 100), SEND));
    assertEquals(100, count(burst(l, "2001:db8:ffff::1", positive, 100), SEND));
    assertEquals(1, count(burst(l, "128.0.0.1", positive, 100), SEND));
    assertEquals(1, count(burst(l, "2001:db9::1", positive, 100), SEND));
  }

  @Test
  void keepsItsTableAtTheConfiguredSizeAndCollidingNetworksShareABucket() throws Exception {
    ResponseRateLimiter l = limiter(1, 0, 7);
    assertEquals(7, l.buckets());
    for (int i = 0; i < 65_536; i++) {
      byte[] client = {10, (byte) (i >> 8), (byte) i, 1};
      int b = l.bucket(client, ResponseRateLimiter.POSITIVE);
      assertTrue(b >= 0 && b < 7, "bucket " + b);
      l.check(InetAddress.getByAddress(client), positive);
    }
    assertEquals(7, l.buckets(), "no growth whatever the clients");

    ResponseRateLimiter one = limiter(1, 0, 1);
    assertEquals(SEND, one.check(ip("192.0.2.1"), positive));
    assertEquals(DROP, one.check(ip("198.51.100.1"), positive), "shares the only bucket");
  }

  @Test
  void sendsExactlyTheRateWhenWorkersRaceForOneBucket() throws Exception {
    ResponseRateLimiter l = limiter(100, 2);
    int threads = 4;
    int each = 10_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Map<Verdict, Long>> results = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    InetAddress client = ip("192.0.2.1");
    for (int t = 0; t < threads; t++) {
      Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
      results.add(counts);
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                  counts.merge(l.check(client, positive), 1L, Long::sum);
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join(60_000);
      assertFalse(w.isAlive(), "a worker did not finish within 60 s");
    }
    long send = 0;
    long slip = 0;
    long drop = 0;
    for (Map<Verdict, Long> c : results) {
      send += c.getOrDefault(SEND, 0L);
      slip += c.getOrDefault(SLIP, 0L);
      drop += c.getOrDefault(DROP, 0L);
    }
    long limited = threads * each - 100;
    assertEquals(100, send, "the clock stands still: one burst of 100, not one more");
    assertEquals(limited / 2, slip, "every second limited response slipped");
    assertEquals(limited / 2, drop);
  }

  @Test
  void slipsAsTheHeaderWithTcAndTheQuestionOnly() throws Exception {
    Message full = new Message(positive);
    Message slipped = new Message(ResponseRateLimiter.truncated(positive));
    assertTrue(slipped.getHeader().getFlag(Flags.TC));
    assertTrue(slipped.getHeader().getFlag(Flags.QR));
    assertTrue(slipped.getHeader().getFlag(Flags.AA));
    assertEquals(full.getHeader().getID(), slipped.getHeader().getID());
    assertEquals(Rcode.NOERROR, slipped.getRcode());
    assertEquals(full.getQuestion(), slipped.getQuestion());
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      assertTrue(slipped.getSection(section).isEmpty(), Section.string(section) + " empty");
    }
    assertEquals(Rcode.NXDOMAIN, new Message(ResponseRateLimiter.truncated(nxdomain)).getRcode());

    byte[] headerOnly = new byte[12];
    headerOnly[0] = 7;
    headerOnly[2] = (byte) 0x80;
    headerOnly[3] = Rcode.FORMERR;
    byte[] expected = headerOnly.clone();
    expected[2] |= 0x02;
    assertArrayEquals(expected, ResponseRateLimiter.truncated(headerOnly));
  }
}

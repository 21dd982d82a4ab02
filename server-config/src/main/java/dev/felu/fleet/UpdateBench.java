package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Sustained RFC 2136 UPDATE rate with every update served by all nameservers (issue 15, the
 * benchmark part), felu next to BIND 9 as a primary taking the same updates on the same machine.
 *
 * <p>Per server: one zone ({@link #ZONE}: SOA, NS, the NS's address and {@link #NAMES} TXT names
 * {@code uN}) and one hmac-sha256 TSIG key ({@link #KEY}) allowed to change the zone's TXT records
 * — in felu made through the REST API (zone, key, update policy {@code subtree update.test. TXT}),
 * in BIND by named.conf ({@code grant … subdomain update.test. TXT}, {@link BindServer}). Each
 * update replaces one name's TXT RRset (delete the RRset, add one record) with the update's
 * sequence number as its text, the names taken in turn: every update is a distinct change and the
 * zone keeps its size. Updates are sent signed over UDP from one socket, paced ({@link #due}); a
 * thread reads the answers; one poller per nameserver (felu: every nameserver of the fleet; BIND:
 * named itself) asks it over UDP for the oldest update it has not seen served yet, and when it sees
 * one asks for up to {@link #MAX_BATCH} of the next at once. An update counts as served by a
 * nameserver when it answers the name's TXT with that number or a later one (both servers apply a
 * zone's updates in order).
 *
 * <p>Runs: a warm-up (not in the table; at least one update must be served), then each fixed rate
 * ({@code 50, 200}) for {@code seconds}, then a step search ({@link RateSearch}) for the highest
 * rate taken: every update answered NOERROR and served by every nameserver within {@link
 * #SERVED_TIMEOUT}, at the pace offered ({@link Run#taken}). Per run: answered p50/p99 (sent →
 * answer), sent → served by all p50/p99/max, and the server's CPU time per update by process
 * ({@link #treeTicks}). Loopback only; named is stopped at the end, also on failure. Prints one
 * Markdown table and writes it to {@code results.md} in its folder. Part of {@link Bench}; not a
 * test.
 */
final class UpdateBench {
  static final String ZONE = "update.test.";
  static final String KEY = "update-bench.";

  /** TXT names in the zone; the updates replace them in turn. */
  static final int NAMES = 1000;

  /** Update IDs are the index in a run: at most this many updates a run. */
  static final int MAX_UPDATES_PER_RUN = 65_535;

  static final Duration POLL = Duration.ofMillis(1);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  static final Duration SERVED_TIMEOUT = Duration.ofSeconds(10);

  /** An update still unanswered this long after a later one was answered was dropped. */
  static final Duration DROPPED = Duration.ofSeconds(1);

  /** Queries a poller sends at once when the nameservers are catching up. */
  static final int MAX_BATCH = 64;

  /** A run keeps pace when updates were served at least this share of the offered rate. */
  static final double KEEP_PACE = 0.9;

  /** ... and the bench itself sent them at least this share of it. */
  static final double SEND_PACE = 0.95;

  /** The warm-up: slow enough for a loaded machine; it proves the chain, it need not be taken. */
  static final int WARM_UP_RATE = 10;

  static final int WARM_UP_SECONDS = 20;

  /** What to run. */
  record Settings(List<Integer> rates, int seconds, int maxRate, int searchSteps) {
    Settings {
      rates = List.copyOf(rates);
      if (rates.isEmpty()) {
        throw new IllegalArgumentException("--update-rates needs at least one rate");
      }
      if (seconds < 1 || seconds > 600) {
        throw new IllegalArgumentException("--update-seconds takes 1…600, not " + seconds);
      }
      if (searchSteps < 0 || searchSteps > 20) {
        throw new IllegalArgumentException("--update-steps takes 0…20, not " + searchSteps);
      }
      for (int rate : rates) {
        if (rate < 1) {
          throw new IllegalArgumentException("a rate is 1 or more updates/s, not " + rate);
        }
      }
      int highest = Math.max(maxRate, rates.stream().mapToInt(Integer::intValue).max().orElse(0));
      if (maxRate < 1 || (long) highest * seconds > MAX_UPDATES_PER_RUN) {
        throw new IllegalArgumentException(
            "--update-max-rate takes 1 or more, and the highest rate × --update-seconds at most "
                + MAX_UPDATES_PER_RUN
                + " updates a run: "
                + highest
                + " × "
                + seconds);
      }
    }
  }

  private final Fleet fleet;
  private final String api;
  private final Path home;
  private final Settings settings;
  private final int updatePort;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param updatePort the management server's UPDATE endpoint (UDP)
   * @param home a folder for named's files and the results
   */
  UpdateBench(Fleet fleet, Path home, int updatePort, Settings settings) {
    this.fleet = fleet;
    this.api = fleet.options().managementUrl() + "/api/v1";
    this.home = home;
    this.updatePort = updatePort;
    this.settings = settings;
  }

  /** Runs felu's series, then BIND's; prints and writes the table. */
  void run() throws Exception {
    Files.createDirectories(home);
    try {
      String secret = feluZoneAndKey();
      List<Integer> ports = new ArrayList<>();
      fleet.nameservers().forEach(ns -> ports.add(ns.dnsPort()));
      series(
          new Target(
              "felu, " + ports.size() + " nameservers",
              new InetSocketAddress(FleetOptions.HOST, updatePort),
              ports,
              secret,
              feluProcesses()));
      if (!BindServer.installed()) {
        notes.add("BIND not measured: " + BindServer.NAMED + " is not installed (apt bind9)");
      } else {
        Path dir = home.resolve("named");
        Files.createDirectories(dir);
        Path zoneFile = dir.resolve("update.test.zone");
        Files.writeString(zoneFile, zoneFile());
        int port = KnotServer.freePort(fleet.options().dnsPort(1) + 150);
        try (BindServer named = new BindServer(dir, port)) {
          named.start(ZONE, zoneFile, KEY, secret);
          series(
              new Target(
                  "BIND " + bindVersion() + " (named, primary)",
                  new InetSocketAddress(FleetOptions.HOST, port),
                  List.of(port),
                  secret,
                  Map.of("named", List.of(named.pid()))));
        }
      }
    } finally {
      String table = table(rows) + (notes.isEmpty() ? "" : "\n" + String.join("\n", notes) + "\n");
      System.out.println();
      System.out.println("RFC 2136 UPDATE rate, sent → served everywhere, felu next to BIND:");
      System.out.println(table);
      Files.writeString(home.resolve("results.md"), table);
      System.out.println("(also in " + home.resolve("results.md") + ")");
    }
  }

  /**
   * Where updates go, who must serve them, and whose CPU time is the server's: by role, these
   * processes and their descendants (PostgreSQL's backends).
   */
  record Target(
      String label,
      InetSocketAddress endpoint,
      List<Integer> servingPorts,
      String secret,
      Map<String, List<Long>> processes) {}

  /** felu's server processes by role; PostgreSQL's backends are found below its postmaster. */
  private Map<String, List<Long>> feluProcesses() {
    Map<String, List<Long>> p = new LinkedHashMap<>();
    Path home = fleet.options().home();
    p.put("management", pidOf(Fleet.domainPidFile(home)));
    p.put("PostgreSQL", pidOf(Fleet.databasePidFile(home)));
    List<Long> nameservers = new ArrayList<>();
    fleet.nameservers().forEach(ns -> ns.pid().ifPresent(nameservers::add));
    p.put("nameservers", nameservers);
    return p;
  }

  private static List<Long> pidOf(Path pidFile) {
    return Processes.alive(pidFile).map(h -> List.of(h.pid())).orElse(List.of());
  }

  // ---- the zone and the key ----

  /** felu's zone (the same records as {@link #zoneFile}) and key with its update policy. */
  private String feluZoneAndKey() throws Exception {
    JsonArrayBuilder records =
        Json.createArrayBuilder()
            .add(
                ApiJson.record("@", "SOA", 3600, "ns1." + ZONE + " hostmaster." + ZONE + soaRest()))
            .add(ApiJson.record("@", "NS", 3600, "ns1." + ZONE))
            .add(ApiJson.record("ns1", "A", 3600, "192.0.2.53"));
    for (int i = 0; i < NAMES; i++) {
      records.add(ApiJson.record("u" + i, "TXT", 60, "\"-1\""));
    }
    Bench.check(Http.send("POST", api + "/zones", ApiJson.zone(ZONE, records)));
    String secret = TsigKeysApi.make(api, KEY);
    TsigKeysApi.allowUpdates(api, KEY, ZONE, "subtree", ZONE, "TXT");
    Name apex = Name.fromString(ZONE);
    Await.until(
        "every nameserver serving " + ZONE,
        Duration.ofMinutes(5),
        () -> {
          if (!SyncCheck.allInSync(fleet, api)) {
            return false;
          }
          for (NameserverProcess ns : fleet.nameservers()) {
            if (KnotServer.answers(ns.dnsPort(), apex) != Rcode.NOERROR) {
              return false;
            }
          }
          return true;
        });
    return secret;
  }

  private static String soaRest() {
    return " 1 3600 600 1209600 60";
  }

  /** BIND's zone file: the records felu's zone starts with. */
  static String zoneFile() {
    StringBuilder z = new StringBuilder("$ORIGIN ").append(ZONE).append('\n');
    z.append("@ 3600 IN SOA ns1 hostmaster").append(soaRest()).append('\n');
    z.append("@ 3600 IN NS ns1\n");
    z.append("ns1 3600 IN A 192.0.2.53\n");
    for (int i = 0; i < NAMES; i++) {
      z.append('u').append(i).append(" 60 IN TXT \"-1\"\n");
    }
    return z.toString();
  }

  private static String bindVersion() {
    try {
      Process p = new ProcessBuilder(BindServer.NAMED.toString(), "-v").start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      String[] words = out.split("\\s+");
      return words.length > 1 ? words[1].replaceAll("-.*", "") : "9";
    } catch (IOException | InterruptedException e) {
      return "9";
    }
  }

  // ---- a series: warm-up, fixed rates, search ----

  private long nextSequence;

  private void series(Target target) throws Exception {
    nextSequence = 0;
    String loadBefore = loadAverage();
    System.out.printf("UPDATE rate: %s%n", target.label());
    Run warm = drive(target, WARM_UP_RATE, WARM_UP_RATE * WARM_UP_SECONDS);
    System.out.println("  warm-up: " + warm.summary());
    if (warm.servedEverywhere() == 0) {
      throw new IllegalStateException(
          target.label() + " served none of the warm-up's updates: " + warm.summary());
    }
    RateSearch search = new RateSearch(settings.maxRate(), settings.searchSteps());
    List<Run> runs = new ArrayList<>();
    for (int rate : settings.rates()) {
      Run r = drive(target, rate, rate * settings.seconds());
      search.record(rate, r.taken());
      runs.add(r);
      System.out.println("  " + r.summary());
    }
    for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
      int rate = next.getAsInt();
      Run r = drive(target, rate, rate * settings.seconds());
      search.record(rate, r.taken());
      runs.add(r);
      System.out.println("  search: " + r.summary());
    }
    String load = "load average " + loadBefore + " → " + loadAverage();
    for (Run r : runs) {
      rows.add(r.row(target.label()));
    }
    String best =
        search.best() > 0 ? "**" + search.best() + " updates/s**" : "none of the rates tried";
    notes.add(
        String.format(
            Locale.ROOT,
            "%s: the most updates/s taken without loss %s (tried %s; %d s a run; %s)",
            target.label(),
            best,
            search.tried(),
            settings.seconds(),
            load));
    System.out.println("  " + notes.get(notes.size() - 1));
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return parts[0];
    } catch (IOException e) {
      return "?";
    }
  }

  // ---- one paced run ----

  /** Sends {@code count} updates at {@code rate}/s and measures each until served everywhere. */
  private Run drive(Target target, int rate, int count) throws Exception {
    long base = nextSequence;
    nextSequence += count;
    Name zone = Name.fromString(ZONE);
    Name[] names = new Name[NAMES];
    for (int i = 0; i < NAMES; i++) {
      names[i] = Name.fromString("u" + i, zone);
    }
    TSIG key = new TSIG(TSIG.HMAC_SHA256, KEY, target.secret());
    long[] sent = new long[count];
    AtomicLongArray answered = new AtomicLongArray(count);
    AtomicIntegerArray rcodes = new AtomicIntegerArray(count);
    for (int i = 0; i < count; i++) {
      rcodes.set(i, -1);
    }
    AtomicInteger sentCount = new AtomicInteger();
    Map<String, Double> cpuMillis = new LinkedHashMap<>();
    AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    List<Poller> pollers = new ArrayList<>();
    for (int port : target.servingPorts()) {
      pollers.add(new Poller(port, base, names, sent, sentCount, rcodes, answered));
    }
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.connect(target.endpoint());
      Thread receiver =
          new Thread(() -> receive(channel, rcodes, answered, lastAnswer), "update-bench answers");
      receiver.setDaemon(true);
      receiver.start();
      List<Thread> threads = new ArrayList<>();
      for (Poller p : pollers) {
        Thread t = new Thread(p, "update-bench poller " + p.port);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      Map<String, Long> ticksBefore = new LinkedHashMap<>();
      for (var e : target.processes().entrySet()) {
        ticksBefore.put(e.getKey(), treeTicks(e.getValue()));
      }
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        byte[] wire = update(zone, names[(int) ((base + i) % NAMES)], base + i, i, key);
        long due = due(start, i, rate);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        sent[i] = System.nanoTime();
        try {
          channel.write(ByteBuffer.wrap(wire));
        } catch (IOException e) {
          // a refused send (ICMP): the update goes unanswered, a loss
        }
        sentCount.set(i + 1);
      }
      // each poller ends once every update is served or given up (SERVED_TIMEOUT after sending)
      long deadline = System.nanoTime() + SERVED_TIMEOUT.toNanos() + 60_000_000_000L;
      for (Thread t : threads) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      pollers.forEach(Poller::stop);
      for (Thread t : threads) {
        t.join(5_000);
      }
      // the endpoint's backlog answered (or quiet for 2 s) before the next run starts
      long drain = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < drain
          && !allAnswered(rcodes)
          && System.nanoTime() - lastAnswer.get() < 2_000_000_000L) {
        Thread.sleep(50);
      }
      for (var e : target.processes().entrySet()) {
        long ticks = treeTicks(e.getValue()) - ticksBefore.get(e.getKey());
        cpuMillis.put(e.getKey(), ticks * 1000.0 / KnotBench.clockTicks());
      }
    }
    int[] codes = new int[count];
    for (int i = 0; i < count; i++) {
      codes[i] = rcodes.get(i);
    }
    long[][] served = new long[pollers.size()][];
    for (int n = 0; n < pollers.size(); n++) {
      served[n] = pollers.get(n).served;
    }
    long[] answers = new long[count];
    for (int i = 0; i < count; i++) {
      answers[i] = answered.get(i);
    }
    return Run.of(rate, sent, answers, codes, served, cpuMillis);
  }

  /**
   * CPU time (user + system, with that of reaped children) in clock ticks of the processes {@code
   * roots} and every process below them, from {@code /proc/<pid>/stat}.
   */
  static long treeTicks(List<Long> roots) throws IOException {
    Map<Long, String> stats = new HashMap<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          stats.put(
              Long.parseLong(dir.getFileName().toString()), Files.readString(dir.resolve("stat")));
        } catch (IOException | NumberFormatException gone) {
          // ended meanwhile
        }
      }
    }
    Set<Long> tree = new HashSet<>(roots);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var e : stats.entrySet()) {
        if (!tree.contains(e.getKey()) && tree.contains(parentOf(e.getValue()))) {
          tree.add(e.getKey());
          grew = true;
        }
      }
    }
    long ticks = 0;
    for (long pid : tree) {
      String stat = stats.get(pid);
      if (stat != null) {
        ticks += ticksOf(stat);
      }
    }
    return ticks;
  }

  /** The parent PID in a {@code /proc/<pid>/stat} line (its fourth field; comm may hold spaces). */
  static long parentOf(String stat) {
    return Long.parseLong(statFields(stat)[1]);
  }

  /** utime + stime + cutime + cstime of a {@code /proc/<pid>/stat} line, in clock ticks. */
  static long ticksOf(String stat) {
    String[] f = statFields(stat);
    return Long.parseLong(f[11])
        + Long.parseLong(f[12])
        + Long.parseLong(f[13])
        + Long.parseLong(f[14]);
  }

  private static String[] statFields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
  }

  private static boolean allAnswered(AtomicIntegerArray rcodes) {
    for (int i = 0; i < rcodes.length(); i++) {
      if (rcodes.get(i) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The first answer to each update: its rcode and when it came. */
  private static void receive(
      DatagramChannel channel,
      AtomicIntegerArray rcodes,
      AtomicLongArray answered,
      AtomicLong last) {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (true) {
      buffer.clear();
      try {
        channel.read(buffer);
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        continue; // an ICMP error for an earlier send
      }
      long now = System.nanoTime();
      buffer.flip();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      Message m;
      try {
        m = new Message(bytes);
      } catch (IOException e) {
        continue;
      }
      int i = m.getHeader().getID();
      if (i < rcodes.length() && rcodes.get(i) < 0) {
        rcodes.set(i, m.getRcode());
        answered.set(i, now);
        last.set(now);
      }
    }
  }

  /**
   * The signed UPDATE that replaces {@code name}'s TXT RRset with one record holding {@code
   * sequence}: delete the RRset, add the record (RFC 2136 §2.5.2, §2.5.1).
   */
  static byte[] update(Name zone, Name name, long sequence, int id, TSIG key) {
    Update u = new Update(zone);
    u.delete(name, Type.TXT);
    u.add(new TXTRecord(name, DClass.IN, 60, Long.toString(sequence)));
    u.getHeader().setID(id);
    u.setTSIG(key);
    return u.toWire(Message.MAXLENGTH); // toWire() without a size would not sign
  }

  /** When update {@code i} of a run started at {@code startNanos} is due at {@code rate}/s. */
  static long due(long startNanos, long i, double rate) {
    return startNanos + Math.round(i * 1e9 / rate);
  }

  /**
   * The sequence number a nameserver's answer shows for the name asked (the first string of its TXT
   * record), or -1 when it holds none (not yet there, NXDOMAIN, not a number).
   */
  static long servedSequence(Message answer) {
    for (Record r : answer.getSection(Section.ANSWER)) {
      if (r instanceof TXTRecord txt && !txt.getStrings().isEmpty()) {
        try {
          return Long.parseLong(txt.getStrings().get(0));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * Asks one nameserver for the oldest update of the run it has not seen served yet; gives an
   * update up when it was answered with an error, not answered within {@link #ANSWER_TIMEOUT} or
   * {@link #DROPPED} after a later one was (the endpoint dropped it: both servers answer in about
   * the order received), or not served within {@link #SERVED_TIMEOUT}.
   */
  private static final class Poller implements Runnable {
    final int port;
    final long base;
    final Name[] names;
    final long[] sent;
    final AtomicInteger sentCount;
    final AtomicIntegerArray rcodes;
    final AtomicLongArray answered;
    final long[] served;
    final boolean[] givenUp;
    private volatile boolean stopped;

    Poller(
        int port,
        long base,
        Name[] names,
        long[] sent,
        AtomicInteger sentCount,
        AtomicIntegerArray rcodes,
        AtomicLongArray answered) {
      int count = answered.length();
      this.port = port;
      this.base = base;
      this.names = names;
      this.sent = sent;
      this.sentCount = sentCount;
      this.rcodes = rcodes;
      this.answered = answered;
      this.served = new long[count];
      this.givenUp = new boolean[count];
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void run() {
      int count = served.length;
      byte[] buffer = new byte[4096];
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.connect(new InetSocketAddress(FleetOptions.HOST, port));
        socket.setSoTimeout(200);
        int next = 0;
        int batch = 1;
        while (!stopped) {
          while (next < count && (served[next] != 0 || givenUp[next])) {
            next++;
          }
          if (next >= count) {
            return;
          }
          int available = sentCount.get();
          if (next >= available) {
            LockSupport.parkNanos(POLL.toNanos());
            continue;
          }
          long now = System.nanoTime();
          long age = now - sent[next];
          int rcode = rcodes.get(next);
          if (rcode > 0
              || (rcode < 0 && (age > ANSWER_TIMEOUT.toNanos() || dropped(next, available, now)))
              || age > SERVED_TIMEOUT.toNanos()) {
            givenUp[next] = true;
            continue;
          }
          int asked = 0;
          for (int i = next; i < available && asked < batch; i++) {
            if (served[i] == 0 && !givenUp[i]) {
              Message q =
                  Message.newQuery(
                      Record.newRecord(names[(int) ((base + i) % NAMES)], Type.TXT, DClass.IN));
              q.getHeader().setID(i);
              byte[] wire = q.toWire();
              socket.send(new DatagramPacket(wire, wire.length));
              asked++;
            }
          }
          int fresh = 0;
          for (int got = 0; got < asked; got++) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
              socket.receive(packet);
            } catch (SocketTimeoutException e) {
              break;
            }
            long received = System.nanoTime();
            Message a;
            try {
              a = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
            } catch (IOException e) {
              continue;
            }
            int i = a.getHeader().getID();
            if (i < count && served[i] == 0 && servedSequence(a) >= base + i) {
              served[i] = received;
              fresh++;
            }
          }
          if (fresh > 0) {
            batch = Math.min(MAX_BATCH, batch * 2);
          } else {
            batch = 1;
            LockSupport.parkNanos(POLL.toNanos());
          }
        }
      } catch (IOException e) {
        System.err.println("update-bench: polling port " + port + " failed: " + e);
      }
    }

    /** Whether one of the next {@link #MAX_BATCH} updates was answered {@link #DROPPED} ago. */
    private boolean dropped(int i, int available, long now) {
      for (int j = i + 1; j < Math.min(available, i + 1 + MAX_BATCH); j++) {
        long at = answered.get(j);
        if (at != 0 && now - at > DROPPED.toNanos()) {
          return true;
        }
      }
      return false;
    }
  }

  // ---- what a run gave ----

  /**
   * One run's figures.
   *
   * @param rate offered updates/s
   * @param sentPerSecond the pace the bench achieved
   * @param servedPerSecond updates served everywhere per second, from the first send until the last
   *     of them was served everywhere
   * @param answerP50 sent → answered NOERROR, ms (NaN when none)
   * @param servedP50 sent → served by every nameserver, ms, over the updates served everywhere
   * @param cpuMillis the server's CPU time from the first send until the run was over, ms, by
   *     process (felu: the management server, PostgreSQL, the nameservers, which also answer the
   *     polls)
   */
  record Run(
      int rate,
      int updates,
      double sentPerSecond,
      int noerror,
      int otherRcode,
      int unanswered,
      int servedEverywhere,
      double servedPerSecond,
      double answerP50,
      double answerP99,
      double servedP50,
      double servedP99,
      double servedMax,
      Map<String, Double> cpuMillis) {
    Run {
      cpuMillis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuMillis));
    }

    /** Not answered NOERROR or not served by every nameserver. */
    int lost() {
      return updates - servedEverywhere;
    }

    /** No loss, at the pace offered: the bench sent at it and the server kept up. */
    boolean taken() {
      return updates > 0
          && lost() == 0
          && sentPerSecond >= SEND_PACE * rate
          && servedPerSecond >= KEEP_PACE * rate;
    }

    /**
     * @param sent when each update was sent (nanoTime)
     * @param answered when its answer came (when {@code rcodes} holds one)
     * @param rcodes its answer's rcode, -1 for none
     * @param served per nameserver, when it was seen served (0: not seen)
     */
    static Run of(
        int rate,
        long[] sent,
        long[] answered,
        int[] rcodes,
        long[][] served,
        Map<String, Double> cpuMillis) {
      int n = sent.length;
      int noerror = 0;
      int other = 0;
      int none = 0;
      double[] answer = new double[n];
      int answers = 0;
      double[] latency = new double[n];
      int everywhere = 0;
      long lastServed = 0;
      for (int i = 0; i < n; i++) {
        if (rcodes[i] == Rcode.NOERROR) {
          noerror++;
          answer[answers++] = (answered[i] - sent[i]) / 1e6;
        } else if (rcodes[i] < 0) {
          none++;
        } else {
          other++;
        }
        long at = 0;
        for (long[] ns : served) {
          at = ns[i] == 0 || at < 0 ? -1 : Math.max(at, ns[i]);
        }
        if (rcodes[i] == Rcode.NOERROR && at > 0) {
          latency[everywhere++] = (at - sent[i]) / 1e6;
          lastServed = Math.max(lastServed, at);
        }
      }
      // the pace between sends: n updates take n - 1 intervals
      double sentPerSecond = n < 2 ? rate : (n - 1) / ((sent[n - 1] - sent[0]) / 1e9 + 1e-9);
      double servedPerSecond =
          everywhere == 0 ? 0 : everywhere / ((lastServed - sent[0]) / 1e9 + 1e-9);
      double[] a = Arrays.copyOf(answer, answers);
      double[] l = Arrays.copyOf(latency, everywhere);
      return new Run(
          rate,
          n,
          sentPerSecond,
          noerror,
          other,
          none,
          everywhere,
          servedPerSecond,
          percentile(a, 50),
          percentile(a, 99),
          percentile(l, 50),
          percentile(l, 99),
          percentile(l, 100),
          cpuMillis);
    }

    /** The server's CPU time per update answered NOERROR, ms (NaN when none was). */
    double cpuMillisPerUpdate() {
      double all = cpuMillis.values().stream().mapToDouble(Double::doubleValue).sum();
      return noerror == 0 ? Double.NaN : all / noerror;
    }

    /** The CPU time per update and, with more than one process, how it splits. */
    String cpuPerUpdate() {
      String all = XfrBench.ms(cpuMillisPerUpdate());
      if (cpuMillis.size() < 2 || noerror == 0) {
        return all;
      }
      List<String> parts = new ArrayList<>();
      cpuMillis.forEach((who, ms) -> parts.add(who + " " + XfrBench.ms(ms / noerror)));
      return all + " (" + String.join(", ", parts) + ")";
    }

    private static double percentile(double[] values, int p) {
      return values.length == 0 ? Double.NaN : Bench.percentile(values, p);
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%d/s (sent at %.0f/s): %d updates, %d NOERROR, %d other rcode, %d unanswered, %d"
              + " served everywhere (%.0f/s), lost %d; answered p50 %s p99 %s; served everywhere"
              + " p50 %s p99 %s max %s; server CPU %s an update — %s",
          rate,
          sentPerSecond,
          updates,
          noerror,
          otherRcode,
          unanswered,
          servedEverywhere,
          servedPerSecond,
          lost(),
          XfrBench.ms(answerP50),
          XfrBench.ms(answerP99),
          XfrBench.ms(servedP50),
          XfrBench.ms(servedP99),
          XfrBench.ms(servedMax),
          cpuPerUpdate(),
          taken() ? "taken" : "NOT taken");
    }

    String[] row(String server) {
      return new String[] {
        server,
        rate
            + "/s"
            + (sentPerSecond < SEND_PACE * rate ? " (sent at " + (int) sentPerSecond + ")" : ""),
        String.format(
            Locale.ROOT,
            "%,d / %,d / %,d%s",
            updates,
            noerror,
            servedEverywhere,
            otherRcode + unanswered > 0
                ? " (" + otherRcode + " other rcode, " + unanswered + " unanswered)"
                : ""),
        String.format(Locale.ROOT, "%,d", lost()),
        XfrBench.ms(answerP50) + " / " + XfrBench.ms(answerP99),
        XfrBench.ms(servedP50) + " / " + XfrBench.ms(servedP99) + " / " + XfrBench.ms(servedMax),
        String.format(Locale.ROOT, "%.0f", servedPerSecond),
        cpuPerUpdate(),
        taken() ? "yes" : "no"
      };
    }
  }

  /** The results as a Markdown table. */
  static String table(List<String[]> rows) {
    StringBuilder t =
        new StringBuilder(
            "| server | offered | updates / NOERROR / served everywhere | lost | sent → answer p50 /"
                + " p99 | sent → served everywhere p50 / p99 / max | served/s | server CPU an"
                + " update | taken |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (String[] r : rows) {
      t.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return t.toString();
  }

  /**
   * The search for the most updates/s taken: doubling from the highest rate taken up to {@code
   * maxRate}; once a rate is not taken, halving the gap between the highest taken and the lowest
   * not taken above it until it is a tenth of the rate taken or 1/s, rates of 100 and more rounded
   * to tens; at most {@code maxSteps} rates beyond those given.
   */
  static final class RateSearch {
    static final int START = 50;

    private final int maxRate;
    private final int maxSteps;
    private final TreeMap<Integer, Boolean> results = new TreeMap<>();
    private int steps;

    RateSearch(int maxRate, int maxSteps) {
      if (maxRate < 1 || maxSteps < 0) {
        throw new IllegalArgumentException("a search needs a maximum rate and steps ≥ 0");
      }
      this.maxRate = maxRate;
      this.maxSteps = maxSteps;
    }

    void record(int rate, boolean taken) {
      results.put(rate, taken);
    }

    /** The highest rate taken, 0 when none was. */
    int best() {
      int best = 0;
      for (var e : results.entrySet()) {
        if (e.getValue()) {
          best = e.getKey();
        }
      }
      return best;
    }

    /** The rates tried, in order of rate, each marked when not taken. */
    String tried() {
      List<String> s = new ArrayList<>();
      results.forEach((rate, taken) -> s.add(rate + (taken ? "" : "✗")));
      return String.join(", ", s) + " /s";
    }

    /** The next rate to try, or none when the search is done. */
    OptionalInt next() {
      if (steps >= maxSteps) {
        return OptionalInt.empty();
      }
      int good = best();
      Integer bad = null;
      for (var e : results.tailMap(good, false).entrySet()) {
        if (!e.getValue()) {
          bad = e.getKey();
          break;
        }
      }
      int candidate;
      if (bad == null) {
        if (good >= maxRate) {
          return OptionalInt.empty();
        }
        candidate = good == 0 ? Math.min(maxRate, START) : Math.min(maxRate, good * 2);
      } else {
        if (bad - good <= Math.max(1, good / 10)) {
          return OptionalInt.empty();
        }
        int middle = (good + bad) / 2;
        candidate = middle >= 100 ? (int) Math.round(middle / 10.0) * 10 : Math.max(1, middle);
        if (candidate <= good || candidate >= bad) {
          return OptionalInt.empty();
        }
      }
      if (results.containsKey(candidate)) {
        return OptionalInt.empty();
      }
      steps++;
      return OptionalInt.of(candidate);
    }
  }
}

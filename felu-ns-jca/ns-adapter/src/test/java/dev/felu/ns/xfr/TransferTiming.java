package dev.felu.ns.xfr;

import dev.felu.ns.zone.ZoneData;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Times the transfer engine in process, for the benchmark to come (not a test: run its main from
 * the test class path): an AXFR of a zone of about {@code args[0]} records (default 100,000)
 * rendered to messages, and the journal's difference after a change of many records and after one
 * added record.
 */
public final class TransferTiming {
  private TransferTiming() {}

  public static void main(String[] args) {
    int names = args.length > 0 ? Integer.parseInt(args[0]) / 2 : 50_000;
    Random rnd = new Random(1);
    List<Record> v1 = XfrFixtures.randomZone(rnd, names, 1);
    List<Record> v2 = XfrFixtures.mutate(new Random(2), v1, 2);
    ZoneData z1 = XfrFixtures.zone(v1);
    ZoneData z2 = XfrFixtures.zone(v2);
    List<Record> v3 = new java.util.ArrayList<>(v1);
    v3.set(0, XfrFixtures.soa(3));
    v3.add(
        new org.xbill.DNS.TXTRecord(
            XfrFixtures.name("one.example.test."), DClass.IN, 60, "one more record"));
    ZoneData z3 = XfrFixtures.zone(v3);
    Message query = Message.newQuery(Record.newRecord(XfrFixtures.ORIGIN, Type.AXFR, DClass.IN));
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      long bytes = 0;
      int messages = 0;
      try (TransferMessages m = AxfrWriter.answer(z1, query, ResponseSigner.NONE)) {
        while (m.hasNext()) {
          bytes += m.next().length;
          messages++;
        }
      }
      long t1 = System.nanoTime();
      ZoneDifference d = IxfrJournal.diff(z1, z2);
      long t2 = System.nanoTime();
      ZoneDifference one = IxfrJournal.diff(z1, z3);
      long t3 = System.nanoTime();
      System.out.printf(
          "AXFR %d records: %d messages, %d bytes, %.0f ms; diff: -%d +%d in %.0f ms;"
              + " one record added: +%d in %.0f ms%n",
          z1.recordCount(),
          messages,
          bytes,
          (t1 - t0) / 1e6,
          d.deleted().size(),
          d.added().size(),
          (t2 - t1) / 1e6,
          one.added().size(),
          (t3 - t2) / 1e6);
    }
  }
}

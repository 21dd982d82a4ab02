package dev.felu.migration;

import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.UpstreamException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * One zone pulled from a primary by AXFR over TCP with dnsjava's {@link ZoneTransferIn} (which
 * reads a transfer of many messages, checks the SOA first and last, and verifies every signed
 * message when a TSIG key is given), within a deadline and a bound on the records. The result is
 * the zone as a zone file, so that it is imported exactly as an uploaded file is. A transfer that
 * is refused, cut short, garbled, too large or too slow is an {@link UpstreamException} saying
 * which zone and why; nothing of it is kept.
 */
public final class PrimaryTransfer {
  private PrimaryTransfer() {}

  /**
   * @param maxRecords the most records the zone may hold (the import's bound)
   * @param tsig the key to sign the request with and to verify the answer by, or null
   */
  public static String fetch(
      ZoneName zone, InetSocketAddress primary, TSIG tsig, Duration deadline, int maxRecords) {
    List<Record> records = new ArrayList<>();
    Name origin = zone.name();
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, primary, tsig);
    xfr.setTimeout(deadline);
    try {
      xfr.run(
          new ZoneTransferIn.ZoneTransferHandler() {
            @Override
            public void startAXFR() {}

            @Override
            public void startIXFR() throws ZoneTransferException {
              throw new ZoneTransferException("the primary answered AXFR with IXFR");
            }

            @Override
            public void startIXFRDeletes(Record soa) {}

            @Override
            public void startIXFRAdds(Record soa) {}

            @Override
            public void handleRecord(Record r) throws ZoneTransferException {
              if (!r.getName().subdomain(origin)) {
                throw new ZoneTransferException("it sent a record outside the zone");
              }
              if (records.size() > maxRecords) {
                throw new ZoneTransferException(
                    "the zone holds more than "
                        + maxRecords
                        + " records (felu.import.max-records)");
              }
              records.add(r);
            }
          });
    } catch (ZoneTransferException e) {
      throw failed(zone, primary, Excerpt.message(e));
    } catch (IOException e) {
      throw failed(
          zone,
          primary,
          e instanceof java.net.SocketTimeoutException
              ? "no complete answer within " + deadline.toSeconds() + " s"
              : e instanceof java.io.EOFException
                  ? "the transfer ended before its closing SOA"
                  : Excerpt.message(e));
    }
    // the closing SOA repeats the first one
    if (records.size() > 1 && records.get(records.size() - 1).getType() == Type.SOA) {
      records.remove(records.size() - 1);
    }
    if (records.isEmpty() || records.get(0).getType() != Type.SOA) {
      throw failed(zone, primary, "the transfer did not start with the zone's SOA");
    }
    StringBuilder file = new StringBuilder(records.size() * 64);
    file.append("$ORIGIN ").append(origin).append('\n');
    for (Record r : records) {
      file.append(r).append('\n');
    }
    return file.toString();
  }

  private static UpstreamException failed(ZoneName zone, InetSocketAddress primary, String why) {
    return new UpstreamException(
        "zones",
        "zone transfer of "
            + zone
            + " from "
            + primary.getHostString()
            + " port "
            + primary.getPort()
            + " failed: "
            + why
            + "; nothing was imported");
  }
}

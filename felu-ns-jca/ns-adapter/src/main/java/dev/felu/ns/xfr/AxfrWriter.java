package dev.felu.ns.xfr;

import dev.felu.ns.zone.ZoneData;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A full zone transfer (RFC 5936): the zone's SOA, every other record of the zone (RRSIGs included,
 * glue and occluded data too: a transfer copies the zone, not its answers), the SOA again. Records
 * come out node by node in canonical order (RFC 4034 §6.1), made from {@link ZoneData}'s bytes one
 * node at a time, so the answer's memory does not grow with the zone. Owner names come out in lower
 * case (the table keeps no other); record data keeps the zone's case.
 */
public final class AxfrWriter {
  private AxfrWriter() {}

  /**
   * The AXFR answer to {@code request} as a stream of messages, each at most {@code maxMessageSize}
   * bytes (TSIG included) and signed by {@code signer}.
   */
  public static TransferMessages answer(
      ZoneData zone, Message request, ResponseSigner signer, int maxMessageSize) {
    return new TransferMessages(request, maxMessageSize, signer, new ZoneWireRecords(zone));
  }

  /** As {@link #answer(ZoneData, Message, ResponseSigner, int)} in messages of up to 64 KiB. */
  public static TransferMessages answer(ZoneData zone, Message request, ResponseSigner signer) {
    return answer(zone, request, signer, TransferMessages.MAX_TCP_MESSAGE);
  }

  /** The zone's records as AXFR sends them: SOA, the rest in canonical order, SOA. */
  public static Iterator<Record> records(ZoneData zone) {
    return new ZoneRecords(zone, true);
  }

  /** Every record of the zone once, the apex SOA first, in canonical order (a zone's content). */
  static Iterator<Record> content(ZoneData zone) {
    return new ZoneRecords(zone, false);
  }

  /**
   * The AXFR records as parts (SOA, the rest in canonical order, SOA), their rdata slices of the
   * table's own bytes: what {@link #records} yields, without making a dnsjava record of each.
   */
  private static final class ZoneWireRecords implements Iterator<WireRecord> {
    private final ZoneData zone;
    private final byte[] rdata;
    private final WireRecord soa;
    private int node = -1; // -1: the opening SOA is next
    private byte[] owner;
    private int[] types = new int[0];
    private int typeIndex;
    private int set = -1;
    private int record;
    private int end;
    private boolean closed;

    ZoneWireRecords(ZoneData zone) {
      this.zone = zone;
      this.rdata = zone.rdataBytes();
      this.soa = WireRecord.of(zone.soa());
    }

    @Override
    public boolean hasNext() {
      return node < 0 || advance() || !closed;
    }

    @Override
    public WireRecord next() {
      if (node < 0) {
        node = 0;
        owner = zone.origin().toWire();
        types = zone.types(0);
        return soa;
      }
      if (advance()) {
        int type = record < zone.endOfRecords(set) ? types[typeIndex] : Type.RRSIG;
        WireRecord r =
            new WireRecord(
                owner, type, zone.ttl(set), rdata, zone.rdataStart(record), zone.rdataEnd(record));
        record++;
        return r;
      }
      if (!closed) {
        closed = true;
        return soa;
      }
      throw new NoSuchElementException();
    }

    /** Moves to the next record to send, if any; true when {@code record} is one. */
    private boolean advance() {
      while (true) {
        if (set >= 0 && record < end) {
          return true;
        }
        if (set >= 0 || typeIndex < types.length) {
          if (set >= 0) {
            typeIndex++;
            set = -1;
          }
          if (typeIndex < types.length) {
            set = zone.rrsetIndex(node, types[typeIndex]);
            record = zone.firstRecord(set);
            end = zone.endOfSignatures(set);
            if (node == 0 && types[typeIndex] == Type.SOA) {
              record = zone.endOfRecords(set); // the apex SOA is sent first and last only
            }
            continue;
          }
        }
        if (node + 1 >= zone.nodeCount()) {
          return false;
        }
        node++;
        owner = zone.ownerWire(node);
        types = zone.types(node);
        typeIndex = 0;
        set = -1;
      }
    }
  }

  /** Walks the zone node by node, holding one node's records at a time. */
  private static final class ZoneRecords implements Iterator<Record> {
    private final ZoneData zone;
    private final boolean closingSoa;
    private final ArrayDeque<Record> node = new ArrayDeque<>();
    private int next;
    private boolean soaSent;
    private boolean done;

    ZoneRecords(ZoneData zone, boolean closingSoa) {
      this.zone = zone;
      this.closingSoa = closingSoa;
    }

    @Override
    public boolean hasNext() {
      fill();
      return !node.isEmpty();
    }

    @Override
    public Record next() {
      fill();
      if (node.isEmpty()) {
        throw new NoSuchElementException();
      }
      return node.poll();
    }

    private void fill() {
      if (!soaSent) {
        soaSent = true;
        node.add(zone.soa());
        return;
      }
      while (node.isEmpty() && next < zone.nodeCount()) {
        int n = next++;
        Name owner = n == 0 ? zone.origin() : zone.owner(n);
        for (int type : zone.types(n)) {
          RRset set = zone.rrset(n, type, owner);
          if (!(n == 0 && type == Type.SOA)) {
            node.addAll(set.rrs(false));
          }
          node.addAll(set.sigs());
        }
      }
      if (node.isEmpty() && !done) {
        done = true;
        if (closingSoa) {
          node.add(zone.soa());
        }
      }
    }
  }
}

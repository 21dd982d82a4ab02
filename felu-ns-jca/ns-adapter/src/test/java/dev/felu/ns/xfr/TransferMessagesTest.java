package dev.felu.ns.xfr;

import static dev.felu.ns.xfr.XfrFixtures.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TransferMessagesTest {
  /** A million TXT records, made only as they are pulled. */
  private static Iterator<Record> million(AtomicInteger pulled) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pulled.get() < 1_000_000;
      }

      @Override
      public Record next() {
        int i = pulled.getAndIncrement();
        return new TXTRecord(
            Name.fromConstantString("r" + i + ".example.test."), DClass.IN, 300, "record " + i);
      }
    };
  }

  @Test
  void pullsRecordsOnlyAsMessagesAreTaken() {
    AtomicInteger pulled = new AtomicInteger();
    Message query = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
    TransferMessages stream =
        new TransferMessages(query, million(pulled), ResponseSigner.NONE, 65535);
    assertEquals(0, pulled.get());
    byte[] first = stream.next();
    assertTrue(first.length <= 65535);
    // one message's worth (plus the one record carried to the next), not the million
    assertEquals(stream.records() + 1, pulled.get());
    stream.next();
    assertEquals(stream.records() + 1, pulled.get());
    assertTrue(stream.hasNext());
  }

  @Test
  void closeRunsTheCloseActionOnce() {
    AtomicInteger closed = new AtomicInteger();
    TransferMessages stream = TransferMessages.of(new byte[12]).onClose(closed::incrementAndGet);
    assertTrue(stream.hasNext());
    stream.next();
    assertFalse(stream.hasNext());
    assertThrows(NoSuchElementException.class, stream::next);
    stream.close();
    stream.close();
    assertEquals(1, closed.get());
  }

  @Test
  void refusesSizesOutsideWhatAMessageCanBe() {
    Message query = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
    Iterator<Record> none = java.util.Collections.emptyIterator();
    assertThrows(
        IllegalArgumentException.class,
        () -> new TransferMessages(query, none, ResponseSigner.NONE, 100));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TransferMessages(query, none, ResponseSigner.NONE, 70_000));
  }
}

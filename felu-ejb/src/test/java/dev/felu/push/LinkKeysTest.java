package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.link.LinkKey;
import dev.felu.nameserver.LinkCredentials;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LinkKeysTest {
  private static final LinkKey K1 = key("k1");
  private static final LinkKey K2 = key("k2");
  private static final LinkKey K3 = key("k3");

  private final AtomicLong now = new AtomicLong(1_000_000);

  private static LinkKey key(String id) {
    return new LinkKey(id, new byte[32]);
  }

  private LinkKeys keys(LinkKey active, LinkKey pending) {
    return new LinkKeys(new LinkCredentials("ns1", active, pending), now::get);
  }

  @Test
  void outsideARotationNoPendingKeyIsDue() {
    assertFalse(keys(K1, null).pendingDue());
  }

  @Test
  void aRefusedPendingKeyIsTriedAgainFiveSecondsLater() {
    LinkKeys keys = keys(K1, K2);
    assertTrue(keys.pendingDue());
    keys.pendingRefused();
    now.addAndGet(LinkKeys.PENDING_RETRY_MILLIS - 1);
    assertFalse(keys.pendingDue());
    now.incrementAndGet();
    assertTrue(keys.pendingDue());
  }

  @Test
  void aNewPendingKeyIsDueAtOnce() {
    LinkKeys keys = keys(K1, K2);
    keys.pendingRefused();
    assertFalse(keys.update(new LinkCredentials("ns1", K1, K3)), "the active key stays");
    assertTrue(keys.pendingDue());
  }

  @Test
  void anAcceptedPendingKeyBecomesTheActiveOne() {
    LinkKeys keys = keys(K1, K2);
    LinkCredentials tried = keys.current();
    assertEquals("k2", keys.accepted(tried));
    assertEquals(K2, keys.current().active());
    assertNull(keys.current().pending());
    assertFalse(keys.pendingDue());
  }

  @Test
  void updateSaysWhenTheActiveKeyChanged() {
    LinkKeys keys = keys(K1, null);
    assertFalse(keys.update(new LinkCredentials("ns1", K1, K2)));
    assertTrue(keys.update(new LinkCredentials("ns1", K2, null)));
  }
}

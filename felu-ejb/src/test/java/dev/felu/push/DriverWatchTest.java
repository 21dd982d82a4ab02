package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.nameserver.LinkCredentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriverWatchTest {
  private final LinkClient client =
      new LinkClient(() -> null, Executors.defaultThreadFactory(), () -> 1L); // never connects here
  private final DriverWatch watch = new DriverWatch();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private NameserverLink link(String name) {
    return new NameserverLink(
        name, URI.create("ws://127.0.0.1:9/"), new LinkCredentials(name, null, null), client);
  }

  @Test
  void aRoundThatEndedWithinTheLimitIsNoStall() {
    NameserverLink ns1 = link("ns1");
    ns1.moved();
    watch.reconciled();
    assertTrue(watch.stall(List.of(ns1), Duration.ofHours(1)).isEmpty());
  }

  @Test
  void aQuietLinkIsNamedWithTheStepItIsStuckIn() {
    NameserverLink ns1 = link("ns1");
    NameserverLink ns2 = link("ns2");
    ns1.step("connecting to ws://127.0.0.1:9/");
    Instant before = Instant.now();
    FleetStall stall = watch.stall(List.of(ns1, ns2), Duration.ZERO).orElseThrow();
    assertTrue(stall.message().startsWith("fleet checks stalled since "), stall.message());
    assertTrue(stall.detail().contains("ns1: connecting to ws://127.0.0.1:9/"), stall.detail());
    assertTrue(stall.detail().contains("ns2: idle"), stall.detail());
    assertFalse(stall.since().isAfter(before), stall.since() + " after " + before);
  }

  @Test
  void aRegistryThatCannotBeReadIsAStallWithItsReason() {
    watch.reconcileFailed("reading the nameserver registry failed: canceling statement");
    FleetStall stall = watch.stall(List.of(), Duration.ZERO).orElseThrow();
    assertTrue(stall.detail().contains("canceling statement"), stall.detail());
    watch.reconciled();
    assertTrue(watch.stall(List.of(), Duration.ofHours(1)).isEmpty());
    assertFalse(
        watch.stall(List.of(), Duration.ZERO).orElseThrow().detail().contains("canceling"),
        "a successful read clears the old reason");
  }
}

package dev.felu.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartupStateTest {
  @Test
  void startingUntilMarkedThenStartedForGood() {
    StartupState state = new StartupState();
    assertTrue(state.started().isEmpty(), "a new instance is starting");
    StartupState.Started first =
        new StartupState.Started(
            Instant.parse("2026-12-02T16:00:00Z"), Duration.ofSeconds(42), "m");
    state.started(first);
    assertEquals(first, state.started().orElseThrow());
    state.started(
        new StartupState.Started(
            Instant.parse("2026-12-02T16:05:00Z"), Duration.ofSeconds(9), "x"));
    assertEquals(first, state.started().orElseThrow(), "the first end is the end");
  }
}

package dev.felu.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the migration dialog shows while zones are pulled, then imported, then nothing. */
class MigrationProgressTest {
  @Test
  void tellsZonesPulledOfTheTotalThenTheImportThenNothing() {
    MigrationProgress p = new MigrationProgress();
    assertEquals("", p.describe());
    p.start(3);
    p.pulling("a.test.");
    assertEquals("pulled 0 of 3 zones; now a.test.", p.describe());
    p.pulled();
    p.pulling("b.test.");
    assertEquals("pulled 1 of 3 zones; now b.test.", p.describe());
    p.pulled();
    p.pulled();
    p.importing();
    assertTrue(p.isRunning());
    assertEquals("pulled 3 zones; comparing and importing them", p.describe());
    p.done();
    assertFalse(p.isRunning());
    assertEquals("", p.describe());
  }
}

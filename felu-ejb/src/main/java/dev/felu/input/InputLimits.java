package dev.felu.input;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much input the management server takes in one request, so that no caller can make it hold
 * more than the default heap has room for. Each limit is a setting; the defaults fit the demo's 512
 * MB heap with room for several requests at once.
 */
@ApplicationScoped
public class InputLimits {
  /** A JSON request body of the API, in bytes. */
  @Inject
  @ConfigProperty(name = "felu.api.max-body-bytes", defaultValue = "1048576")
  long maxBodyBytes;

  /** A zone file to import (REST body or the UI's paste/upload), in bytes. */
  @Inject
  @ConfigProperty(name = "felu.import.max-bytes", defaultValue = "8388608")
  long maxImportBytes;

  /** Records one zone file may hold ({@code $GENERATE} lines counted as what they expand to). */
  @Inject
  @ConfigProperty(name = "felu.import.max-records", defaultValue = "100000")
  int maxImportRecords;

  /** Zone files one bulk import ({@code POST /api/v1/zones/import}) may carry. */
  @Inject
  @ConfigProperty(name = "felu.import.max-zones", defaultValue = "1000")
  int maxImportZones;

  /**
   * A bulk import's whole request body, in bytes: what the heap holds of it at once, with its
   * records parsed (about 250 bytes for a short A record, see {@link #maxImportRequestRecords}).
   */
  @Inject
  @ConfigProperty(name = "felu.import.max-request-bytes", defaultValue = "33554432")
  long maxImportRequestBytes;

  /** Records all the zone files of one bulk import may hold together. */
  @Inject
  @ConfigProperty(name = "felu.import.max-request-records", defaultValue = "200000")
  int maxImportRequestRecords;

  /** For CDI, which injects the settings. */
  public InputLimits() {}

  /** Fixed limits, for code that runs without CDI (tests). */
  public static InputLimits of(long maxBodyBytes, long maxImportBytes, int maxImportRecords) {
    InputLimits l = new InputLimits();
    l.maxBodyBytes = maxBodyBytes;
    l.maxImportBytes = maxImportBytes;
    l.maxImportRecords = maxImportRecords;
    l.maxImportZones = 1000;
    l.maxImportRequestBytes = 32L << 20;
    l.maxImportRequestRecords = 200_000;
    return l;
  }

  /** As {@link #of(long, long, int)}, with the bulk import's limits too. */
  public static InputLimits of(
      long maxBodyBytes,
      long maxImportBytes,
      int maxImportRecords,
      int maxImportZones,
      long maxImportRequestBytes,
      int maxImportRequestRecords) {
    InputLimits l = of(maxBodyBytes, maxImportBytes, maxImportRecords);
    l.maxImportZones = maxImportZones;
    l.maxImportRequestBytes = maxImportRequestBytes;
    l.maxImportRequestRecords = maxImportRequestRecords;
    return l;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public long maxImportBytes() {
    return maxImportBytes;
  }

  public int maxImportRecords() {
    return maxImportRecords;
  }

  public int maxImportZones() {
    return maxImportZones;
  }

  public long maxImportRequestBytes() {
    return maxImportRequestBytes;
  }

  public int maxImportRequestRecords() {
    return maxImportRequestRecords;
  }
}

package dev.felu.migration;

import dev.felu.input.InputLimits;
import dev.felu.input.InvalidInputException;
import dev.felu.model.account.Role;
import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.ZoneName;
import dev.felu.tsig.TsigKeyService;
import dev.felu.zone.BulkImport;
import dev.felu.zone.BulkZoneImport;
import dev.felu.zone.ZoneFile;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xbill.DNS.TSIG;

/**
 * Migration by AXFR import (ARCHITECTURE.md#flow-bulk-import): each zone is pulled from the primary
 * ({@link PrimaryTransfer}), one after the other and outside any transaction (a transfer may take
 * seconds and holds no lock), then all of them go through the bulk import as zone files — the same
 * dry run, the same rules, one change. Importing again later is a difference, not a duplicate.
 * Admins only: the management server connects where the request says.
 */
@Stateless
@RolesAllowed(Role.ADMIN_NAME)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MigrationService {
  private static final Logger LOG = Logger.getLogger(MigrationService.class.getName());

  @Inject BulkZoneImport bulk;
  @Inject TsigKeyService keys;
  @Inject InputLimits limits;

  @Inject
  @ConfigProperty(name = "felu.migration.transfer-timeout-seconds", defaultValue = "60")
  int timeoutSeconds;

  /** What importing the zones as the primary serves them would change; changes nothing. */
  public BulkImport preview(TransferImport request) {
    return preview(request, new MigrationProgress());
  }

  /** As {@link #preview(TransferImport)}, telling {@code progress} how far it has come. */
  public BulkImport preview(TransferImport request, MigrationProgress progress) {
    try {
      List<ZoneFile> files = fetch(request, progress);
      progress.importing();
      return bulk.preview(files);
    } finally {
      progress.done();
    }
  }

  /** Imports the zones as the primary serves them, as one change. */
  public BulkImport apply(TransferImport request) {
    return apply(request, new MigrationProgress());
  }

  /** As {@link #apply(TransferImport)}, telling {@code progress} how far it has come. */
  public BulkImport apply(TransferImport request, MigrationProgress progress) {
    try {
      List<ZoneFile> files = fetch(request, progress);
      progress.importing();
      return bulk.apply(files);
    } finally {
      progress.done();
    }
  }

  private List<ZoneFile> fetch(TransferImport request, MigrationProgress progress) {
    if (request == null) {
      throw new InvalidInputException(
          "body", "a JSON body naming the primary and zones is required");
    }
    InetSocketAddress primary = primary(request.primary(), request.port());
    Set<ZoneName> zones = zones(request.zones());
    TSIG tsig =
        request.tsigKey() == null || request.tsigKey().isBlank()
            ? null
            : keys.signer(request.tsigKey(), "tsigKey");
    List<ZoneFile> files = new ArrayList<>(zones.size());
    long started = System.nanoTime();
    progress.start(zones.size());
    for (ZoneName zone : zones) {
      progress.pulling(zone.toString());
      files.add(
          new ZoneFile(
              zone.toString(),
              PrimaryTransfer.fetch(
                  zone,
                  primary,
                  tsig,
                  Duration.ofSeconds(timeoutSeconds),
                  limits.maxImportRecords())));
      progress.pulled();
    }
    LOG.info(
        () ->
            "transferred "
                + zones.size()
                + " zones from "
                + primary.getHostString()
                + " port "
                + primary.getPort()
                + (tsig == null ? "" : " with TSIG")
                + " in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
    return files;
  }

  private static InetSocketAddress primary(String host, Integer port) {
    if (host == null || host.isBlank() || host.length() > 253 || host.strip().contains(" ")) {
      throw new InvalidInputException(
          "primary", "the primary's address (a host name or IP address) is required");
    }
    int p = port == null ? 53 : port;
    if (p < 1 || p > 65535) {
      throw new InvalidInputException("port", "the primary's port must be 1..65535, got " + p);
    }
    InetSocketAddress address = new InetSocketAddress(host.strip(), p);
    if (address.isUnresolved()) {
      throw new InvalidInputException(
          "primary", "the primary " + Excerpt.of(host) + " does not resolve to an address");
    }
    return address;
  }

  private Set<ZoneName> zones(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new InvalidInputException("zones", "name at least one zone to transfer");
    }
    if (names.size() > limits.maxImportZones()) {
      throw new InvalidInputException(
          "zones",
          names.size()
              + " zones in one request; at most "
              + limits.maxImportZones()
              + " (felu.import.max-zones)");
    }
    Set<ZoneName> out = new LinkedHashSet<>();
    for (String n : names) {
      try {
        out.add(ZoneName.of(n));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("zones", e.getMessage());
      }
    }
    return out;
  }
}

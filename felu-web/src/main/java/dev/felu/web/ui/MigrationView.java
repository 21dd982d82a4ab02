package dev.felu.web.ui;

import dev.felu.migration.MigrationProgress;
import dev.felu.migration.MigrationService;
import dev.felu.migration.TransferImport;
import dev.felu.model.tsig.TsigKey;
import dev.felu.tsig.TsigKeyService;
import dev.felu.zone.BulkImport;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backs the "Import from a primary" dialog of {@code zones.xhtml} (admins only: rendered for them,
 * and {@link MigrationService} and {@link TsigKeyService} are {@code @RolesAllowed} admin): the
 * primary's address, port and TSIG key, the zones; "Preview" shows per zone what the import would
 * create, add and remove; "Import" makes it one change and shows what it did.
 */
@Named
@ViewScoped
public class MigrationView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, String> FIELDS =
      Map.of(
          "primary", "migrate:primary",
          "port", "migrate:port",
          "tsigKey", "migrate:tsigKey",
          "zones", "migrate:zones",
          "body", "migrate:zones");

  @Inject MigrationService migration;
  @Inject TsigKeyService keys;

  /** One zone's line of the result. */
  public record Row(String zone, boolean created, long added, long removed, long unchanged)
      implements Serializable {}

  private String primary;
  private Integer port = 53;
  private String tsigKey;
  private List<String> zones = new ArrayList<>();
  private List<Row> rows = List.of();
  private String outcome;

  /** The migration running from this page, if any (read by the page's poll while it runs). */
  private transient volatile MigrationProgress progress;

  public void preview() {
    run(true);
  }

  public void apply() {
    run(false);
  }

  private void run(boolean dryRun) {
    try {
      TransferImport request =
          new TransferImport(
              primary, port, tsigKey == null || tsigKey.isBlank() ? null : tsigKey, zones);
      MigrationProgress p = new MigrationProgress();
      progress = p;
      BulkImport result = dryRun ? migration.preview(request, p) : migration.apply(request, p);
      rows =
          result.zones().stream()
              .map(
                  o ->
                      new Row(
                          o.zone(),
                          o.created(),
                          o.changes().addedCount(),
                          o.changes().removedCount(),
                          o.changes().unchanged()))
              .toList();
      outcome =
          (dryRun ? "Preview: would create " : "Imported: created ")
              + result.zonesCreated()
              + ", change "
              + result.zonesChanged()
              + ", leave "
              + result.zonesUnchanged()
              + " zones; "
              + result.addedCount()
              + " records added, "
              + result.removedCount()
              + " removed"
              + (dryRun || result.revision() == null
                  ? ""
                  : " (revision " + result.revision() + ")");
      if (!dryRun) {
        Messages.info(outcome);
      }
    } catch (RuntimeException e) {
      rows = List.of();
      outcome = null;
      Messages.refused(e, Messages.fields(FIELDS, null));
    }
  }

  /** The keys of the store to sign the transfer with, by name. */
  public List<String> getKeyNames() {
    return keys.list().stream().map(TsigKey::getName).toList();
  }

  public String getPrimary() {
    return primary;
  }

  public void setPrimary(String primary) {
    this.primary = primary;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getTsigKey() {
    return tsigKey;
  }

  public void setTsigKey(String tsigKey) {
    this.tsigKey = tsigKey;
  }

  public List<String> getZones() {
    return zones;
  }

  public void setZones(List<String> zones) {
    this.zones = zones == null ? new ArrayList<>() : zones;
  }

  public List<Row> getRows() {
    return rows;
  }

  public String getOutcome() {
    return outcome;
  }

  /** How far the migration running now has come ("pulled 12 of 40 zones; now …"), or empty. */
  public String getProgress() {
    MigrationProgress p = progress;
    return p == null ? "" : p.describe();
  }
}

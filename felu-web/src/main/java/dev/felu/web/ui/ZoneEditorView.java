package dev.felu.web.ui;

import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.zone.RecordSpec;
import dev.felu.zone.ZoneImport;
import dev.felu.zone.ZoneService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.event.RowEditEvent;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/**
 * Backs {@code zone.xhtml?name=…}: one zone's records in a grid with inline editing, a form to add
 * one, the SOA read-only (its serial moves with every change, see {@link ZoneService}), zone file
 * export, and zone file import with a preview. Every change goes through {@link ZoneService}, which
 * parses with dnsjava and checks the caller's role and zone scope again.
 */
@Named
@ViewScoped
public class ZoneEditorView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ZoneService zones;

  /** A record row as the grid edits it. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long id;

    /** The version the editor read: a save or delete of a record changed since is refused. */
    private final long version;

    private String name;
    private String type;
    private Long ttl;
    private String data;

    Row(ZoneRecord r) {
      this.id = r.getId();
      this.version = r.getVersion();
      this.name = r.getName();
      this.type = r.getType();
      this.ttl = r.getTtl();
      this.data = r.getData();
    }

    public long getId() {
      return id;
    }

    public long getVersion() {
      return version;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Long getTtl() {
      return ttl;
    }

    public void setTtl(Long ttl) {
      this.ttl = ttl;
    }

    public String getData() {
      return data;
    }

    public void setData(String data) {
      this.data = data;
    }

    public String getHint() {
      return RecordTypes.hint(type);
    }
  }

  private String name;
  private boolean found;
  private List<Row> rows = new ArrayList<>();
  private String soa;

  private String newName;
  private String newType = "A";
  private Long newTtl = 3600L;
  private String newData;

  private String zoneFile;
  private ZoneImport preview;

  /** f:viewAction: loads the zone named by the {@code name} parameter. */
  public void load() {
    if (name == null || name.isBlank()) {
      Messages.refused(new IllegalArgumentException("no zone named"), f -> null);
      return;
    }
    try {
      reload();
    } catch (RuntimeException e) {
      found = false;
      Messages.refused(e, f -> null);
    }
  }

  private void reload() {
    Zone z = zones.getWithRecords(name);
    name = z.getName();
    found = true;
    rows = new ArrayList<>();
    soa = null;
    for (ZoneRecord r : z.getRecords()) {
      if ("SOA".equals(r.getType())) {
        soa = r.getName() + " " + r.getTtl() + " IN SOA " + r.getData();
      } else {
        rows.add(new Row(r));
      }
    }
  }

  public void add() {
    try {
      zones.addRecord(name, new RecordSpec(newName, newType, newTtl, newData));
      Messages.info("Added " + newType + " record " + (newName == null ? "@" : newName));
      newName = null;
      newData = null;
      reload();
    } catch (RuntimeException e) {
      Messages.refused(
          e,
          Messages.fields(
              Map.of(
                  "name", "add:newName",
                  "type", "add:newType",
                  "ttl", "add:newTtl",
                  "data", "add:newData"),
              null));
    }
  }

  public void onRowEdit(RowEditEvent<Row> event) {
    Row row = event.getObject();
    int index = rows.indexOf(row);
    String rowId = event.getComponent().getClientId() + ":" + index + ":";
    try {
      zones.updateRecord(
          name,
          row.getId(),
          new RecordSpec(row.getName(), row.getType(), row.getTtl(), row.getData()),
          row.getVersion());
      Messages.info("Saved " + row.getType() + " record " + row.getName());
      reload();
    } catch (RuntimeException e) {
      Messages.refused(
          e,
          Messages.fields(
              Map.of(
                  "name", rowId + "editName",
                  "type", rowId + "editType",
                  "ttl", rowId + "editTtl",
                  "data", rowId + "editData"),
              null));
    }
  }

  public void onRowCancel(RowEditEvent<Row> event) {
    reload();
  }

  public void delete(Row row) {
    try {
      zones.deleteRecord(name, row.getId(), row.getVersion());
      Messages.info("Deleted " + row.getType() + " record " + row.getName());
      reload();
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
  }

  /** The zone as a BIND zone file, for p:fileDownload. */
  public StreamedContent getExport() {
    byte[] text = zones.zoneFile(name).getBytes(StandardCharsets.UTF_8);
    String file = name.endsWith(".") ? name + "zone" : name + ".zone";
    return DefaultStreamedContent.builder()
        .name(file)
        .contentType("text/dns")
        .contentLength((long) text.length)
        .stream(() -> new ByteArrayInputStream(text))
        .build();
  }

  /** An uploaded zone file lands in the text area, to be previewed like pasted text. */
  public void upload(FileUploadEvent event) {
    zoneFile = new String(event.getFile().getContent(), StandardCharsets.UTF_8);
    preview();
  }

  public void preview() {
    preview = null;
    try {
      preview = zones.previewImport(name, zoneFile);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> "import:zoneFile");
    }
  }

  public void applyImport() {
    try {
      ZoneImport done = zones.applyImport(name, zoneFile);
      Messages.info(
          done.changesNothing()
              ? "The zone already holds these records: nothing changed."
              : "Imported: "
                  + done.added().size()
                  + " added, "
                  + done.removed().size()
                  + " removed.");
      preview = null;
      zoneFile = null;
      reload();
    } catch (RuntimeException e) {
      Messages.refused(e, f -> "import:zoneFile");
    }
  }

  public List<String> getTypes() {
    return RecordTypes.offered();
  }

  public String getNewHint() {
    return RecordTypes.hint(newType);
  }

  public boolean isFound() {
    return found;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Row> getRows() {
    return rows;
  }

  public String getSoa() {
    return soa;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewType() {
    return newType;
  }

  public void setNewType(String newType) {
    this.newType = newType;
  }

  public Long getNewTtl() {
    return newTtl;
  }

  public void setNewTtl(Long newTtl) {
    this.newTtl = newTtl;
  }

  public String getNewData() {
    return newData;
  }

  public void setNewData(String newData) {
    this.newData = newData;
  }

  public String getZoneFile() {
    return zoneFile;
  }

  public void setZoneFile(String zoneFile) {
    this.zoneFile = zoneFile;
  }

  public ZoneImport getPreview() {
    return preview;
  }
}

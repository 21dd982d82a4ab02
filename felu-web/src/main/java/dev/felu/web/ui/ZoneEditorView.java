package dev.felu.web.ui;

import dev.felu.model.zone.ZoneRecord;
import dev.felu.zone.RecordFilter;
import dev.felu.zone.RecordSort;
import dev.felu.zone.RecordSpec;
import dev.felu.zone.ZoneFileExport;
import dev.felu.zone.ZoneImport;
import dev.felu.zone.ZoneService;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.event.RowEditEvent;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;
import org.primefaces.model.StreamedContent;

/**
 * Backs {@code zone.xhtml?name=…}: one zone's records in a grid paged, searched and sorted in the
 * database, with inline editing, a form to add one, the SOA read-only (its serial moves with every
 * change, see {@link ZoneService}), zone file export, and zone file import with a preview. Every
 * change goes through {@link ZoneService}, which parses with dnsjava and checks the caller's role
 * and zone scope again.
 */
@Named
@ViewScoped
public class ZoneEditorView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ZoneService zones;
  @Inject ZoneFileExport export;

  /** A record row as the grid edits it. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long id;

    /** The version the editor read: a save or delete of a record changed since is refused. */
    private long version;

    private String name;
    private String type;
    private Long ttl;
    private String data;

    Row(ZoneRecord r) {
      this.id = r.getId();
      show(r);
    }

    /**
     * Shows the record as stored: the table re-renders only an edited row, from this object, so
     * after a save or a cancel it must hold the stored values and version.
     */
    void show(ZoneRecord r) {
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
  private String soa;
  private String search;
  private LazyDataModel<Row> model;

  private String newName;
  private String newType = "A";
  private Long newTtl = 3600L;
  private String newData;

  private String zoneFile;
  private ZoneImport preview;

  @PostConstruct
  void init() {
    model = new Page();
  }

  /**
   * Lazy rows, the SOA aside: {@link ZoneService#recordCount} and {@link ZoneService#records} with
   * the search text and the table's sort, one page per request, never the whole zone.
   */
  private final class Page extends LazyDataModel<Row> {
    private static final long serialVersionUID = 1L;

    /** The page on screen and the index of its first row, for row edits and their messages. */
    private List<Row> rows = List.of();

    private int first;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      if (!found) {
        return 0;
      }
      return (int) Math.min(Integer.MAX_VALUE, zones.recordCount(name, filter()));
    }

    @Override
    public List<Row> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      if (!found) {
        return List.of();
      }
      RecordSort sort = RecordSort.NAME;
      boolean descending = false;
      for (SortMeta meta : sortBy.values()) {
        if (meta.getOrder() == SortOrder.UNSORTED) {
          continue;
        }
        sort =
            switch (meta.getField()) {
              case "type" -> RecordSort.TYPE;
              case "ttl" -> RecordSort.TTL;
              case "data" -> RecordSort.DATA;
              default -> RecordSort.NAME;
            };
        descending = meta.getOrder() == SortOrder.DESCENDING;
        break;
      }
      this.first = first;
      this.rows =
          zones.records(name, filter(), sort, descending, first, pageSize).stream()
              .map(Row::new)
              .toList();
      return rows;
    }

    @Override
    public String getRowKey(Row row) {
      return String.valueOf(row.getId());
    }

    @Override
    public Row getRowData(String rowKey) {
      return rows.stream()
          .filter(r -> String.valueOf(r.getId()).equals(rowKey))
          .findFirst()
          .orElse(null);
    }

    /** The row's index in the whole table (as its client ids count), or -1. */
    int indexOf(Row row) {
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i).getId() == row.getId()) {
          return first + i;
        }
      }
      return -1;
    }

    private RecordFilter filter() {
      return RecordFilter.search(search).withoutSoa();
    }
  }

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

  /** The zone's name and SOA; the table's page is read by the model when it renders. */
  private void reload() {
    name = zones.readableName(name);
    found = true;
    soa =
        zones
            .soa(name)
            .map(r -> r.getName() + " " + r.getTtl() + " IN SOA " + r.getData())
            .orElse(null);
  }

  /** A new search starts at the first page. */
  public void searched() {
    if (FacesContext.getCurrentInstance().getViewRoot().findComponent("records:table")
        instanceof DataTable table) {
      table.setFirst(0);
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
    int index = ((Page) model).indexOf(row);
    String rowId = event.getComponent().getClientId() + ":" + index + ":";
    try {
      row.show(
          zones.updateRecord(
              name,
              row.getId(),
              new RecordSpec(row.getName(), row.getType(), row.getTtl(), row.getData()),
              row.getVersion()));
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
    Row row = event.getObject();
    try {
      zones.findRecord(name, row.getId()).ifPresent(row::show);
      reload();
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
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

  /**
   * The zone as a BIND zone file, for p:fileDownload: written to the response as it is read from
   * the database ({@link ZoneFileExport}), never held as one text.
   */
  public StreamedContent getExport() {
    String zone = zones.readableName(name);
    ZoneFileExport files = export;
    return DefaultStreamedContent.builder()
        .name(zone + "zone")
        .contentType("text/dns")
        .writer(out -> files.write(zone, out))
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
              : "Imported: " + done.addedCount() + " added, " + done.removedCount() + " removed.");
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

  public LazyDataModel<Row> getModel() {
    return model;
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
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

  /** How many lines of each kind a preview shows at most. */
  public int getSample() {
    return ZoneImport.SAMPLE;
  }

  public ZoneImport getPreview() {
    return preview;
  }
}

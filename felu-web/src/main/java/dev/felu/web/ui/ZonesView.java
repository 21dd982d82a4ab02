package dev.felu.web.ui;

import dev.felu.model.zone.Zone;
import dev.felu.zone.ZoneService;
import dev.felu.zone.ZoneSummary;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * Backs {@code zones.xhtml}: the zones, searched and paged in the database (a page of names and
 * their record counts per request, never every zone), creating and deleting zones.
 */
@Named
@ViewScoped
public class ZonesView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ZoneService zones;

  private String search;
  private String newName;
  private LazyDataModel<ZoneSummary> model;

  @PostConstruct
  void init() {
    model = new Page();
  }

  /** Lazy rows: {@link ZoneService#count} and {@link ZoneService#page} with the search text. */
  private final class Page extends LazyDataModel<ZoneSummary> {
    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, zones.count(search));
    }

    @Override
    public List<ZoneSummary> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      return zones.page(search, first, pageSize);
    }

    @Override
    public String getRowKey(ZoneSummary zone) {
      return zone.name();
    }

    @Override
    public ZoneSummary getRowData(String rowKey) {
      return null; // no selection on this table
    }
  }

  /** A new search starts at the first page. */
  public void searched() {
    if (FacesContext.getCurrentInstance().getViewRoot().findComponent("list:zones")
        instanceof DataTable table) {
      table.setFirst(0);
    }
  }

  /** Creates the zone (with the default SOA) and opens it in the editor. */
  public String create() {
    try {
      Zone z = zones.create(newName, List.of());
      newName = null;
      return "zone?faces-redirect=true&name="
          + URLEncoder.encode(z.getName(), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> "createForm:newName");
      return null;
    }
  }

  public void delete(String name) {
    try {
      zones.delete(name);
      Messages.info("Deleted zone " + name);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
  }

  public LazyDataModel<ZoneSummary> getModel() {
    return model;
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }
}

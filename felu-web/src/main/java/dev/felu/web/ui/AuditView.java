package dev.felu.web.ui;

import dev.felu.audit.AuditLog;
import dev.felu.audit.AuditRecord;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * Backs {@code admin/audit.xhtml} (admins): the audit log newest first, paged in the database
 * ({@link AuditLog#count} and {@link AuditLog#find}, one page per request), filtered by user, zone
 * and a time range in UTC; each entry expands to its before and after side by side.
 */
@Named
@ViewScoped
public class AuditView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AuditLog audit;

  private String user;
  private String zone;
  private LocalDateTime from;
  private LocalDateTime to;
  private LazyDataModel<AuditRecord> model;

  @PostConstruct
  void init() {
    model = new Page();
  }

  /** Lazy rows with the filters as they stand when the table asks. */
  private final class Page extends LazyDataModel<AuditRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      if (from != null && to != null && !to.isAfter(from)) {
        return 0;
      }
      return (int) Math.min(Integer.MAX_VALUE, audit.count(user, zone, from, to));
    }

    @Override
    public List<AuditRecord> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      if (from != null && to != null && !to.isAfter(from)) {
        return List.of();
      }
      return audit.find(user, zone, from, to, first, pageSize).stream()
          .map(AuditRecord::of)
          .toList();
    }

    @Override
    public String getRowKey(AuditRecord e) {
      return String.valueOf(e.id());
    }

    @Override
    public AuditRecord getRowData(String rowKey) {
      List<AuditRecord> shown = getWrappedData();
      for (AuditRecord e : shown == null ? List.<AuditRecord>of() : shown) {
        if (String.valueOf(e.id()).equals(rowKey)) {
          return e;
        }
      }
      return null;
    }
  }

  /** New filters start at the first page; a range that ends before it starts is refused. */
  public void filter() {
    if (from != null && to != null && !to.isAfter(from)) {
      Messages.refused(
          new dev.felu.input.InvalidInputException("to", "'to' must be after 'from'"),
          f -> "filters:to");
    }
    if (FacesContext.getCurrentInstance().getViewRoot().findComponent("log:entries")
        instanceof DataTable table) {
      table.setFirst(0);
    }
  }

  public void clear() {
    user = null;
    zone = null;
    from = null;
    to = null;
    filter();
  }

  public LazyDataModel<AuditRecord> getModel() {
    return model;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getZone() {
    return zone;
  }

  public void setZone(String zone) {
    this.zone = zone;
  }

  public LocalDateTime getFrom() {
    return from;
  }

  public void setFrom(LocalDateTime from) {
    this.from = from;
  }

  public LocalDateTime getTo() {
    return to;
  }

  public void setTo(LocalDateTime to) {
    this.to = to;
  }
}

package dev.felu.web.ui;

import dev.felu.web.api.ZoneView;
import dev.felu.zone.ZoneService;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** Backs {@code zones.xhtml}: every zone with its records, read-only for now. */
@Named
@ViewScoped
public class ZonesView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient ZoneService zones;

  private List<ZoneView> all;

  @PostConstruct
  void load() {
    all = zones.listWithRecords().stream().map(ZoneView::of).toList();
  }

  public List<ZoneView> getZones() {
    return all;
  }
}

package dev.felu.web.ui;

import dev.felu.transfer.NotifySecondary;
import dev.felu.transfer.ZoneTransferService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Backs the "Zone transfers" panel of {@code zone.xhtml?name=…}, beside {@link ZoneEditorView}
 * (whose zone it shows): the client networks that may transfer the zone, one CIDR per line, and the
 * secondaries the nameservers NOTIFY of its changes, one per line as {@code address [port]
 * [key-name]}. Saving sets the networks, then the secondaries, through {@link ZoneTransferService},
 * which checks the caller's scope and role again; a refusal is shown next to its field.
 */
@Named
@ViewScoped
public class ZoneTransfersView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ZoneTransferService transfers;
  @Inject ZoneEditorView editor;

  private String zone;
  private String networks;
  private String secondaries;

  /** Reads the zone's settings the first time the panel renders (the editor found the zone). */
  private void load() {
    if (zone != null) {
      return;
    }
    zone = editor.getName();
    show(transfers.networks(zone), transfers.secondaries(zone));
  }

  private void show(List<String> nets, List<NotifySecondary> notified) {
    networks = String.join("\n", nets);
    secondaries = notified.stream().map(NotifySecondary::line).collect(Collectors.joining("\n"));
  }

  public void save() {
    load();
    List<String> nets;
    try {
      nets = transfers.setNetworks(zone, lines(networks));
    } catch (RuntimeException e) {
      Messages.refused(e, Messages.fields(FIELDS, null));
      return;
    }
    try {
      List<String> text = lines(secondaries);
      List<NotifySecondary> parsed = new ArrayList<>();
      for (int i = 0; i < text.size(); i++) {
        parsed.add(NotifySecondary.parse(text.get(i), i + 1));
      }
      show(nets, transfers.setSecondaries(zone, parsed));
      Messages.info("Saved the zone transfer settings of " + zone);
    } catch (RuntimeException e) {
      networks = String.join("\n", nets);
      Messages.refused(e, Messages.fields(FIELDS, null));
      Messages.info("The transfer networks were saved; the secondaries were not");
    }
  }

  private static final Map<String, String> FIELDS =
      Map.of("networks", "transfers:networks", "secondaries", "transfers:secondaries");

  /** The text's non-blank lines, trimmed. */
  private static List<String> lines(String text) {
    return text == null
        ? List.of()
        : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  public String getNetworks() {
    load();
    return networks;
  }

  public void setNetworks(String networks) {
    this.networks = networks;
  }

  public String getSecondaries() {
    load();
    return secondaries;
  }

  public void setSecondaries(String secondaries) {
    this.secondaries = secondaries;
  }
}

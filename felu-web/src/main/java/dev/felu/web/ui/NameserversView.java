package dev.felu.web.ui;

import dev.felu.nameserver.IssuedKey;
import dev.felu.nameserver.NameserverService;
import dev.felu.nameserver.NameserverSpec;
import dev.felu.push.PushCoordinator;
import dev.felu.push.ResyncRequest;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Backs {@code nameservers.xhtml}: the fleet's table ({@link FleetRows}, for every role) and, for
 * admins, registering, changing addresses, enabling/disabling, removing, rotating a link key and
 * forcing a full resync. Every action goes through {@link NameserverService} or {@link
 * PushCoordinator#resync}, which refuse callers below admin themselves, so hiding the controls from
 * other roles is not the only guard.
 *
 * <p>A bootstrap token (registration or rotation) is held here only until the dialog that shows it
 * is closed; a reload starts a new view without it, and the API never shows it again.
 */
@Named
@ViewScoped
public class NameserversView implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Service field names → inputs of the register dialog. */
  private static final Map<String, String> REGISTER_FIELDS =
      Map.of(
          "name", "registerForm:name",
          "configUrl", "registerForm:configUrl",
          "dnsHost", "registerForm:dnsHost",
          "dnsPort", "registerForm:dnsPort");

  /** Service field names → inputs of the edit dialog. */
  private static final Map<String, String> EDIT_FIELDS =
      Map.of(
          "configUrl", "editForm:editConfigUrl",
          "dnsHost", "editForm:editDnsHost",
          "dnsPort", "editForm:editDnsPort");

  @Inject NameserverService nameservers;
  @Inject PushCoordinator push;
  @Inject FleetRows fleetRows;

  /**
   * The rows as last rendered: a row's buttons act on the nameserver the user saw in that row, even
   * if the fleet changed meanwhile. Read again before every render.
   */
  private List<FleetRow> rows;

  private long headRevision;
  private String headHash;

  private String name;
  private String configUrl;
  private String dnsHost = "127.0.0.1";
  private Integer dnsPort = 53;

  /** The nameserver whose addresses the edit dialog changes, and its inputs. */
  private String editing;

  private String editConfigUrl;
  private String editDnsHost;
  private Integer editDnsPort;

  /** The token just issued, shown once; null when none is to be shown. */
  private String issuedToken;

  private String issuedFor;
  private String issuedKeyId;
  private boolean issuedByRotation;

  /** Reads the fleet (before every render, see {@code f:event} in the page). */
  public void load() {
    fleetRows.reload();
    rows = fleetRows.getRows();
    headRevision = fleetRows.getHead().revision();
    headHash = fleetRows.getHead().hash().shortHex();
  }

  public List<FleetRow> getRows() {
    if (rows == null) {
      load();
    }
    return rows;
  }

  public long getHeadRevision() {
    return headRevision;
  }

  public String getHeadHash() {
    return headHash;
  }

  /** Registers the nameserver; its bootstrap token is then shown once. */
  public void register() {
    try {
      IssuedKey issued =
          nameservers.register(new NameserverSpec(name, configUrl, dnsHost, dnsPort, null));
      show(issued, false);
      Messages.info("Registered nameserver " + issued.nameserver().getName());
      name = null;
      configUrl = null;
    } catch (RuntimeException e) {
      Messages.refused(e, Messages.fields(REGISTER_FIELDS, null));
    }
  }

  /** Starts a key rotation; the new pending key's token is then shown once. */
  public void rotate(String nameserver) {
    try {
      show(nameservers.rotate(nameserver), true);
      Messages.info("New pending link key for " + nameserver);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
  }

  public void enable(String nameserver, boolean enabled) {
    try {
      nameservers.update(nameserver, new NameserverSpec(null, null, null, null, enabled));
      Messages.info((enabled ? "Enabled " : "Disabled ") + nameserver);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
  }

  /** Opens the edit dialog with the addresses of the row as shown. */
  public void edit(FleetRow row) {
    editing = row.name();
    editConfigUrl = row.configUrl();
    editDnsHost = row.dnsHost();
    editDnsPort = row.dnsPort();
  }

  /** Moves the nameserver's addresses; the link reconnects to the new config URL. */
  public void saveEdit() {
    try {
      nameservers.update(
          editing, new NameserverSpec(null, editConfigUrl, editDnsHost, editDnsPort, null));
      Messages.info("Saved the addresses of " + editing);
    } catch (RuntimeException e) {
      Messages.refused(e, Messages.fields(EDIT_FIELDS, null));
    }
  }

  public String getEditing() {
    return editing;
  }

  public String getEditConfigUrl() {
    return editConfigUrl;
  }

  public void setEditConfigUrl(String editConfigUrl) {
    this.editConfigUrl = editConfigUrl;
  }

  public String getEditDnsHost() {
    return editDnsHost;
  }

  public void setEditDnsHost(String editDnsHost) {
    this.editDnsHost = editDnsHost;
  }

  public Integer getEditDnsPort() {
    return editDnsPort;
  }

  public void setEditDnsPort(Integer editDnsPort) {
    this.editDnsPort = editDnsPort;
  }

  public void remove(String nameserver) {
    try {
      nameservers.remove(nameserver);
      Messages.info("Removed nameserver " + nameserver);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
  }

  /** Forces a full resync; the message says whether it runs now or when the link connects. */
  public void resync(String nameserver) {
    try {
      ResyncRequest r = push.resync(nameserver);
      Messages.info(
          r.connected()
              ? "Full resync of " + nameserver + " requested: a snapshot is being sent."
              : "Full resync of "
                  + nameserver
                  + " requested: it is not connected now; the snapshot is sent when it connects.");
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
  }

  /** The token dialog was closed: the token is gone for good. */
  public void forgetToken() {
    issuedToken = null;
    issuedFor = null;
    issuedKeyId = null;
  }

  private void show(IssuedKey issued, boolean rotation) {
    issuedToken = issued.bootstrapToken();
    issuedFor = issued.nameserver().getName();
    issuedKeyId = issued.keyId();
    issuedByRotation = rotation;
  }

  public String getIssuedToken() {
    return issuedToken;
  }

  public String getIssuedFor() {
    return issuedFor;
  }

  public String getIssuedKeyId() {
    return issuedKeyId;
  }

  public boolean isIssuedByRotation() {
    return issuedByRotation;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getConfigUrl() {
    return configUrl;
  }

  public void setConfigUrl(String configUrl) {
    this.configUrl = configUrl;
  }

  public String getDnsHost() {
    return dnsHost;
  }

  public void setDnsHost(String dnsHost) {
    this.dnsHost = dnsHost;
  }

  public Integer getDnsPort() {
    return dnsPort;
  }

  public void setDnsPort(Integer dnsPort) {
    this.dnsPort = dnsPort;
  }
}

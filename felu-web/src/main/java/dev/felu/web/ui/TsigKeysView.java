package dev.felu.web.ui;

import dev.felu.model.tsig.TsigKey;
import dev.felu.tsig.CreatedTsigKey;
import dev.felu.tsig.TsigAlgorithm;
import dev.felu.tsig.TsigKeyService;
import dev.felu.tsig.TsigKeySpec;
import dev.felu.update.UpdatePolicyService;
import dev.felu.update.UpdateRule;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Backs {@code admin/tsig-keys.xhtml} (admins only, by web.xml and by the service's
 * {@code @RolesAllowed}): the TSIG keys without secrets, making one (generated or given secret),
 * changing the zones one may transfer, editing its update policy (one rule per line, {@code zone
 * match name [TYPE …]}, as {@link UpdateRule#parse} reads it), deleting one. As with API tokens, a
 * new key's secret lives only in the request that made it (a request attribute), never in this
 * view-scoped bean.
 */
@Named
@ViewScoped
public class TsigKeysView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String MADE = TsigKeysView.class.getName() + ".made";

  @Inject TsigKeyService keys;
  @Inject UpdatePolicyService policies;

  /** A key as the table shows it. */
  public record Row(String name, String algorithm, List<String> zones, LocalDateTime created)
      implements Serializable {
    static Row of(TsigKey k) {
      return new Row(k.getName(), k.getAlgorithm(), List.copyOf(k.getZones()), k.getCreated());
    }
  }

  /** What the once-shown dialog says about a key just made. */
  public record Made(String name, String algorithm, String secret) {
    /** The key as BIND's and Knot's configurations write it, for the peer. */
    public String bind() {
      return "key \""
          + name
          + "\" {\n  algorithm "
          + algorithm
          + ";\n  secret \""
          + secret
          + "\";\n};";
    }

    public String knot() {
      return "key:\n  - id: " + name + "\n    algorithm: " + algorithm + "\n    secret: " + secret;
    }
  }

  private List<Row> rows = List.of();
  private String newName;
  private String newAlgorithm = TsigAlgorithm.DEFAULT.id();
  private String newSecret;
  private List<String> newZones = new ArrayList<>();
  private String editing;
  private List<String> editZones = new ArrayList<>();
  private String policyKey;
  private String policy;

  @PostConstruct
  void init() {
    reload();
  }

  private void reload() {
    rows = keys.list().stream().map(Row::of).toList();
  }

  public void create() {
    try {
      CreatedTsigKey made =
          keys.create(
              new TsigKeySpec(
                  newName,
                  newAlgorithm,
                  newSecret == null || newSecret.isBlank() ? null : newSecret,
                  newZones == null ? Set.of() : new LinkedHashSet<>(newZones)));
      FacesContext.getCurrentInstance()
          .getAttributes()
          .put(MADE, new Made(made.key().getName(), made.key().getAlgorithm(), made.secret()));
      newName = null;
      newSecret = null;
      newZones = new ArrayList<>();
      reload();
    } catch (RuntimeException e) {
      newSecret = null; // never rendered back into the page
      Messages.refused(
          e,
          Messages.fields(
              Map.of(
                  "name", "create:name",
                  "algorithm", "create:algorithm",
                  "secret", "create:secret",
                  "zones", "create:zones"),
              null));
    }
  }

  public void edit(String name) {
    editing = name;
    editZones =
        rows.stream()
            .filter(r -> r.name().equals(name))
            .findFirst()
            .map(r -> new ArrayList<>(r.zones()))
            .orElseGet(ArrayList::new);
  }

  public void saveZones() {
    try {
      keys.setZones(editing, new LinkedHashSet<>(editZones == null ? List.of() : editZones));
      Messages.info("TSIG key " + editing + " may now transfer " + editZones);
      reload();
    } catch (RuntimeException e) {
      Messages.refused(e, Messages.fields(Map.of("zones", "edit:zones"), null));
    }
  }

  /** Opens the update policy editor of a key, its rules one per line. */
  public void editPolicy(String name) {
    policyKey = name;
    try {
      policy = lines(policies.rules(name));
    } catch (RuntimeException e) {
      policy = "";
      Messages.refused(e, f -> null);
    }
  }

  public void savePolicy() {
    try {
      List<String> text =
          policy == null
              ? List.of()
              : policy.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      List<UpdateRule> rules = new ArrayList<>();
      for (int i = 0; i < text.size(); i++) {
        rules.add(UpdateRule.parse(text.get(i), i + 1));
      }
      List<UpdateRule> saved = policies.setRules(policyKey, rules);
      policy = lines(saved);
      Messages.info(
          saved.isEmpty()
              ? "TSIG key " + policyKey + " may now update nothing"
              : "Saved the update policy of TSIG key " + policyKey);
    } catch (RuntimeException e) {
      Messages.refused(e, Messages.fields(Map.of(UpdateRule.FIELD, "policy:rules"), null));
    }
  }

  private static String lines(List<UpdateRule> rules) {
    return rules.stream().map(UpdateRule::line).collect(Collectors.joining("\n"));
  }

  public void delete(String name) {
    try {
      keys.delete(name);
      Messages.info("Deleted TSIG key " + name + ": peers using it are refused from now on");
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
    reload();
  }

  /** The key just made, only while rendering the response of the request that made it. */
  public Made getMade() {
    return (Made) FacesContext.getCurrentInstance().getAttributes().get(MADE);
  }

  public List<String> getAlgorithms() {
    return Arrays.stream(TsigAlgorithm.values()).map(TsigAlgorithm::id).toList();
  }

  public List<Row> getRows() {
    return rows;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewAlgorithm() {
    return newAlgorithm;
  }

  public void setNewAlgorithm(String newAlgorithm) {
    this.newAlgorithm = newAlgorithm;
  }

  public String getNewSecret() {
    return null; // a given secret is never rendered back
  }

  public void setNewSecret(String newSecret) {
    this.newSecret = newSecret;
  }

  public List<String> getNewZones() {
    return newZones;
  }

  public void setNewZones(List<String> newZones) {
    this.newZones = newZones;
  }

  public String getEditing() {
    return editing;
  }

  public List<String> getEditZones() {
    return editZones;
  }

  public void setEditZones(List<String> editZones) {
    this.editZones = editZones;
  }

  public String getPolicyKey() {
    return policyKey;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }
}

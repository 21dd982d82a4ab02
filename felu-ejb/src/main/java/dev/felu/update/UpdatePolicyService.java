package dev.felu.update;

import dev.felu.audit.AuditLog;
import dev.felu.input.InvalidInputException;
import dev.felu.model.account.Role;
import dev.felu.model.tsig.TsigKey;
import dev.felu.model.zone.Excerpt;
import dev.felu.problem.NotFoundException;
import dev.felu.tsig.TsigKeyService;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The update policies of the TSIG keys (table {@code tsig_key_update_rule}, V8): read and replaced
 * by admins, audited as {@code update-policy} of the key with the rules' lines before and after;
 * read by the update endpoint as an {@link UpdatePolicy}. A rule's zone must exist when it is set;
 * a deleted zone takes its rules along, a deleted key its whole policy (foreign keys, {@code ON
 * DELETE CASCADE}). No config revision: the nameservers never see a policy, only the management
 * server answers updates.
 */
@Stateless
@RolesAllowed(Role.ADMIN_NAME)
public class UpdatePolicyService {
  /** Rules per key at most: a policy is a short list an admin reads. */
  public static final int MAX_RULES = 100;

  @PersistenceContext EntityManager em;
  @Inject AuditLog audit;

  /**
   * The key's rules, in order.
   *
   * @throws NotFoundException for a key that does not exist
   */
  public List<UpdateRule> rules(String keyName) {
    return stored(key(keyName, false).getId());
  }

  /**
   * Replaces the key's rules ({@code []}: none, the key may update nothing). Each must be a valid
   * rule (only those exist), its zone must exist; no rule twice; at most {@value #MAX_RULES}.
   *
   * @return the rules now stored, in normal form and the order given
   * @throws NotFoundException for a key that does not exist
   * @throws InvalidInputException on {@link UpdateRule#FIELD}, naming the rule by its number
   */
  public List<UpdateRule> setRules(String keyName, List<UpdateRule> rules) {
    TsigKey key = key(keyName, true);
    List<UpdateRule> checked = check(rules);
    Map<String, Long> zoneIds = zoneIds(checked);
    List<UpdateRule> before = stored(key.getId());
    if (before.equals(checked)) {
      return before;
    }
    em.createNativeQuery("DELETE FROM tsig_key_update_rule WHERE key_id = ?")
        .setParameter(1, key.getId())
        .executeUpdate();
    for (int i = 0; i < checked.size(); i++) {
      UpdateRule r = checked.get(i);
      em.createNativeQuery(
              "INSERT INTO tsig_key_update_rule (key_id, ordinal, zone_id, name_match, name, types)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")
          .setParameter(1, key.getId())
          .setParameter(2, i)
          .setParameter(3, zoneIds.get(r.zone()))
          .setParameter(4, r.match().name())
          .setParameter(5, r.name())
          .setParameter(6, String.join(" ", r.types()))
          .executeUpdate();
    }
    audit.record(
        AuditLog.TSIG_KEY, "update-policy", null, key.getName(), lines(before), lines(checked));
    return checked;
  }

  /**
   * The key's policy, for the update endpoint, which runs as the system: {@link
   * UpdatePolicy#DENY_ALL} when the key has no rules or does not exist.
   */
  @PermitAll
  public UpdatePolicy policyFor(String keyName) {
    TsigKey key = find(keyName, false);
    return key == null ? UpdatePolicy.DENY_ALL : UpdatePolicy.of(stored(key.getId()));
  }

  /** The rules checked as a list: given, at most {@link #MAX_RULES}, each present and once. */
  private static List<UpdateRule> check(List<UpdateRule> rules) {
    if (rules == null) {
      throw new InvalidInputException(
          UpdateRule.FIELD, "the rules are required (may be []: the key may update nothing)");
    }
    if (rules.size() > MAX_RULES) {
      throw new InvalidInputException(
          UpdateRule.FIELD, rules.size() + " rules; a key takes at most " + MAX_RULES);
    }
    Map<UpdateRule, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      UpdateRule r = rules.get(i);
      if (r == null) {
        throw new InvalidInputException(UpdateRule.FIELD, "rule #" + (i + 1) + " is empty");
      }
      Integer first = seen.putIfAbsent(r, i + 1);
      if (first != null) {
        throw new InvalidInputException(
            UpdateRule.FIELD, "rule #" + (i + 1) + " repeats rule #" + first + ": " + r.line());
      }
    }
    return List.copyOf(rules);
  }

  /**
   * The ids of the rules' zones, each checked to exist. The rows are share-locked until the
   * transaction ends, so a zone deleted meanwhile is refused here rather than by the foreign key.
   */
  private Map<String, Long> zoneIds(List<UpdateRule> rules) {
    Map<String, Long> ids = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String zone = rules.get(i).zone();
      if (ids.containsKey(zone)) {
        continue;
      }
      List<?> found =
          em.createNativeQuery("SELECT id FROM zone WHERE name = ? FOR SHARE")
              .setParameter(1, zone)
              .getResultList();
      if (found.isEmpty()) {
        throw new InvalidInputException(
            UpdateRule.FIELD, "rule #" + (i + 1) + ": zone " + zone + " does not exist");
      }
      ids.put(zone, ((Number) found.get(0)).longValue());
    }
    return ids;
  }

  private List<UpdateRule> stored(long keyId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT z.name, r.name_match, r.name, r.types FROM tsig_key_update_rule r"
                    + " JOIN zone z ON z.id = r.zone_id WHERE r.key_id = ? ORDER BY r.ordinal")
            .setParameter(1, keyId)
            .getResultList();
    List<UpdateRule> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      String types = (String) r[3];
      out.add(
          new UpdateRule(
              (String) r[0],
              NameMatch.valueOf((String) r[1]),
              (String) r[2],
              types.isBlank() ? Set.of() : Set.of(types.split(" "))));
    }
    return out;
  }

  /** The key, locked against a concurrent change of its policy when {@code lock}; else 404. */
  private TsigKey key(String name, boolean lock) {
    TsigKey key = find(name, lock);
    if (key == null) {
      throw new NotFoundException("TSIG key " + Excerpt.of(name) + " does not exist");
    }
    return key;
  }

  private TsigKey find(String name, boolean lock) {
    String normal;
    try {
      normal = TsigKeyService.keyName(name);
    } catch (InvalidInputException e) {
      return null; // a bad name finds nothing rather than explaining itself
    }
    var query = em.createNamedQuery(TsigKey.BY_NAME, TsigKey.class).setParameter("name", normal);
    if (lock) {
      query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
    }
    return query.getResultStream().findFirst().orElse(null);
  }

  private static String lines(List<UpdateRule> rules) {
    return rules.stream().map(UpdateRule::line).collect(Collectors.joining("\n"));
  }
}

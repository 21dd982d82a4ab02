package dev.felu.zone;

import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.ZoneName;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of zones something is granted — an account's or token's zone scope, the zones a TSIG key
 * may transfer — checked the same way everywhere: each a valid zone name in its normal form, each
 * existing (a typo would otherwise grant nothing, silently). Errors name the field {@code zones}.
 */
public final class ZoneGrants {
  private ZoneGrants() {}

  /** Zone names in their one normal form ({@link ZoneName}); each must be a valid zone name. */
  public static Set<String> names(Set<String> zones) {
    Set<String> out = new TreeSet<>();
    for (String z : zones == null ? Set.<String>of() : zones) {
      try {
        out.add(ZoneName.of(z).toString());
      } catch (InvalidInputException e) {
        throw new InvalidInputException("zones", e.getMessage());
      }
    }
    return out;
  }

  /**
   * Refuses a grant of a zone that does not exist. Zones in {@code held} (grants already held) stay
   * valid even if deleted since.
   */
  public static Set<String> existing(EntityManager em, Set<String> zones, Set<String> held) {
    List<String> fresh = zones.stream().filter(z -> !held.contains(z)).toList();
    if (fresh.isEmpty()) {
      return zones;
    }
    Set<String> found =
        new TreeSet<>(
            em.createQuery("SELECT z.name FROM Zone z WHERE z.name IN :names", String.class)
                .setParameter("names", fresh)
                .getResultList());
    List<String> unknown = fresh.stream().filter(z -> !found.contains(z)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "zones",
          (unknown.size() == 1 ? "zone " : "zones ")
              + String.join(", ", unknown)
              + (unknown.size() == 1 ? " does not exist" : " do not exist"));
    }
    return zones;
  }
}

package dev.felu.zone;

import dev.felu.config.QueryDeadline;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** The SOA serials the database holds, for checking what nameservers actually serve. */
@Stateless
public class ZoneSerials {
  @PersistenceContext EntityManager em;

  /**
   * The SOA serial of up to {@code max} zones, from a random place in the zone list, so that checks
   * over time cover every zone without asking a nameserver about all of them at once.
   */
  public Map<Name, Long> sample(int max) {
    long zones =
        QueryDeadline.bounded(em.createQuery("SELECT COUNT(z) FROM Zone z", Long.class))
            .getSingleResult();
    int offset = zones <= max ? 0 : ThreadLocalRandom.current().nextInt((int) (zones - max + 1));
    List<Object[]> rows =
        QueryDeadline.bounded(
                em.createQuery(
                    "SELECT z.name, r.data FROM ZoneRecord r JOIN r.zone z WHERE r.type = 'SOA'"
                        + " ORDER BY z.name",
                    Object[].class))
            .setFirstResult(offset)
            .setMaxResults(max)
            .getResultList();
    Map<Name, Long> serials = new LinkedHashMap<>();
    for (Object[] row : rows) {
      try {
        serials.put(
            Name.fromString((String) row[0]), SoaSerial.of((String) row[0], (String) row[1]));
      } catch (TextParseException | RuntimeException e) {
        // a zone whose SOA cannot be read cannot be checked; validation keeps this from happening
      }
    }
    return serials;
  }
}

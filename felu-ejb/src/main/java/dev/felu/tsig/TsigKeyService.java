package dev.felu.tsig;

import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.input.InvalidInputException;
import dev.felu.model.account.Role;
import dev.felu.model.config.ConfigHead;
import dev.felu.model.tsig.TsigKey;
import dev.felu.model.zone.Excerpt;
import dev.felu.nameserver.LinkKeyVault;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import dev.felu.zone.ZoneGrants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The TSIG key store, for admins only: make a key (the secret generated, or given in Base64 to
 * match a peer's existing key) and show its secret once; list keys without secrets; change the
 * zones a key may transfer; delete. Every change commits a config revision without zone changes
 * ({@link ConfigRevisions#commitPolicy}), so the nameservers get the new keys. Secrets are sealed
 * under the link master key ({@link LinkKeyVault}): without it no key can be made. Every change is
 * audited, never with the secret.
 */
@Stateless
@RolesAllowed(Role.ADMIN_NAME)
public class TsigKeyService {
  /** Keys at most: the store is a list an admin reads, and every key goes to every nameserver. */
  public static final int MAX_KEYS = 1000;

  /**
   * A given secret's bounds, in bytes: 128 bits at least (RFC 8945 §6 asks for the hash's size).
   */
  public static final int MIN_SECRET_BYTES = 16;

  public static final int MAX_SECRET_BYTES = 512;

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  @PersistenceContext EntityManager em;
  @Inject LinkKeyVault vault;
  @Inject AuditLog audit;
  @Inject ConfigRevisions revisions;
  @Inject Event<TsigKeysChanged> keysChanged;

  public CreatedTsigKey create(TsigKeySpec spec) {
    if (spec == null) {
      throw new InvalidInputException("body", "a JSON body with the key's name is required");
    }
    String name = keyName(spec.name());
    TsigAlgorithm algorithm = TsigAlgorithm.of(spec.algorithm());
    byte[] secret = spec.secret() == null ? generate(algorithm) : secret(spec.secret());
    ConfigHead head = revisions.lock();
    Set<String> zones = ZoneGrants.existing(em, ZoneGrants.names(spec.zones()), Set.of());
    if (find(name) != null) {
      throw new ConflictException("name", "TSIG key " + name + " already exists");
    }
    if (em.createNamedQuery(TsigKey.COUNT, Long.class).getSingleResult() >= MAX_KEYS) {
      throw new ConflictException(
          "name", "there are already " + MAX_KEYS + " TSIG keys, the most felu keeps");
    }
    TsigKey key = new TsigKey(name, algorithm.id(), zones);
    key.setSealed(vault.sealer().seal(secret, key.sealingContext()));
    em.persist(key);
    em.flush();
    audit.record(AuditLog.TSIG_KEY, "create", null, name, null, describe(key));
    revisions.commitPolicy(head, "TSIG key " + name + " created");
    keysChanged.fire(new TsigKeysChanged(name));
    return new CreatedTsigKey(key, Base64.getEncoder().encodeToString(secret));
  }

  /** Every key, by name, without secrets. */
  public List<TsigKey> list() {
    return em.createNamedQuery(TsigKey.ALL, TsigKey.class).getResultList();
  }

  public TsigKey get(String name) {
    TsigKey key = find(lookupName(name));
    if (key == null) {
      throw new NotFoundException("TSIG key " + Excerpt.of(name) + " does not exist");
    }
    return key;
  }

  /** Sets the zones a key may transfer (an empty set: none). */
  public TsigKey setZones(String name, Set<String> zones) {
    ConfigHead head = revisions.lock();
    TsigKey key = get(name);
    if (zones == null) {
      throw new InvalidInputException("zones", "the zones the key may transfer are required");
    }
    Set<String> checked = ZoneGrants.existing(em, ZoneGrants.names(zones), key.getZones());
    List<String> removed = key.getZones().stream().filter(z -> !checked.contains(z)).toList();
    List<String> signing = removed.isEmpty() ? List.of() : notifyingZones(key, removed);
    if (!signing.isEmpty()) {
      throw new ConflictException(
          "zones",
          "TSIG key "
              + key.getName()
              + " signs the NOTIFY to secondaries of "
              + zoneList(signing)
              + ": remove it from those secondaries first, then from the key's zones");
    }
    String before = describe(key);
    key.setZones(checked);
    audit.record(AuditLog.TSIG_KEY, "update", null, key.getName(), before, describe(key));
    revisions.commitPolicy(head, "zones of TSIG key " + key.getName() + " changed");
    return key;
  }

  public void delete(String name) {
    ConfigHead head = revisions.lock();
    TsigKey key = get(name);
    List<String> signing = notifyingZones(key, null);
    if (!signing.isEmpty()) {
      throw new ConflictException(
          "name",
          "TSIG key "
              + key.getName()
              + " signs the NOTIFY to secondaries of "
              + zoneList(signing)
              + ": remove it from those secondaries first (the zone's transfer settings)");
    }
    audit.record(AuditLog.TSIG_KEY, "delete", null, key.getName(), describe(key), null);
    em.remove(key);
    revisions.commitPolicy(head, "TSIG key " + key.getName() + " deleted");
    keysChanged.fire(new TsigKeysChanged(key.getName()));
  }

  /**
   * The key named {@code name}, opened, to sign a request of this server's own with (a zone
   * transfer from a primary) and verify its answer. Never leaves the server.
   *
   * @throws InvalidInputException on {@code field} when there is no such key
   */
  public TSIG signer(String name, String field) {
    TsigKey key = find(lookupName(name));
    if (key == null) {
      throw new InvalidInputException(field, "TSIG key " + Excerpt.of(name) + " does not exist");
    }
    return new TSIG(
        TsigAlgorithm.of(key.getAlgorithm()).dnsName(),
        Name.fromConstantString(key.getName()),
        vault.sealer().open(key.getSealed(), key.sealingContext()));
  }

  /**
   * A key's name as peers configure it: a DNS name of host-name or underscore labels, absolute and
   * lower case ({@code Transfer.Example} is {@code transfer.example.}).
   *
   * @throws InvalidInputException on the field {@code name}
   */
  public static String keyName(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("name", "a TSIG key needs a name, e.g. transfer.example.");
    }
    Name name;
    try {
      name = Name.fromString(text.trim(), Name.root);
    } catch (TextParseException e) {
      throw new InvalidInputException(
          "name", "invalid TSIG key name " + Excerpt.of(text) + ": " + Excerpt.message(e));
    }
    if (name.equals(Name.root)) {
      throw new InvalidInputException("name", "a TSIG key cannot be named '.'");
    }
    for (int i = 0; i < name.labels() - 1; i++) {
      if (!LABEL.matcher(name.getLabelString(i)).matches()) {
        throw new InvalidInputException(
            "name",
            "invalid TSIG key name "
                + Excerpt.of(text)
                + ": its labels hold only letters, digits, '-' and '_'");
      }
    }
    return name.toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** A given secret: Base64 (blanks ignored) of 16 to 512 bytes. Never repeated in an error. */
  static byte[] secret(String base64) {
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("secret", "the secret is not valid Base64");
    }
    if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
      throw new InvalidInputException(
          "secret",
          "the secret is "
              + secret.length
              + " bytes; a TSIG secret is "
              + MIN_SECRET_BYTES
              + " to "
              + MAX_SECRET_BYTES
              + " bytes");
    }
    return secret;
  }

  private static byte[] generate(TsigAlgorithm algorithm) {
    byte[] secret = new byte[algorithm.secretBytes()];
    RANDOM.nextBytes(secret);
    return secret;
  }

  private TsigKey find(String name) {
    return em.createNamedQuery(TsigKey.BY_NAME, TsigKey.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /**
   * The zones (of {@code among}, or all when null) with a secondary to notify that signs with the
   * key, by name.
   */
  private List<String> notifyingZones(TsigKey key, List<String> among) {
    @SuppressWarnings("unchecked")
    List<String> zones =
        em.createNativeQuery(
                "SELECT DISTINCT z.name FROM zone_notify_secondary s JOIN zone z ON z.id = s.zone_id"
                    + " WHERE s.key_id = ? ORDER BY z.name")
            .setParameter(1, key.getId())
            .getResultList();
    return among == null ? zones : zones.stream().filter(among::contains).toList();
  }

  /** The first few zones, and how many more. */
  private static String zoneList(List<String> zones) {
    int shown = Math.min(zones.size(), 5);
    return (zones.size() == 1 ? "zone " : "zones ")
        + String.join(", ", zones.subList(0, shown))
        + (zones.size() > shown ? " and " + (zones.size() - shown) + " more" : "");
  }

  /** A name from a path: a bad one finds nothing rather than explaining itself. */
  private static String lookupName(String text) {
    try {
      return keyName(text);
    } catch (InvalidInputException e) {
      return "";
    }
  }

  /** The audit form of a key: never its secret. */
  private static String describe(TsigKey k) {
    return "name=" + k.getName() + " algorithm=" + k.getAlgorithm() + " zones=" + k.getZones();
  }
}

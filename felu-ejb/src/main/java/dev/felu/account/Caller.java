package dev.felu.account;

import dev.felu.model.account.Role;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.AccessDeniedException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: an account (UI session or HTTP Basic), an API token, or a single-sign-on user
 * (OpenID Connect, UI only), with its role and zone scope. This is the one place that decides what
 * a caller may reach: every service asks it ({@link #canRead}, {@link #requireEdit}, {@link
 * #scopeFilter} for queries), and it is built from the account's <em>current</em> role and grants
 * on every request (a token's from its owner's, see {@code TokenService#authenticate}).
 *
 * <p>The scope is explicit: {@code allZones} reaches every zone, present and future; otherwise only
 * the listed zones may be read or edited, an empty list means none, and no zone may be created or
 * deleted. An admin always has every zone.
 *
 * @param name the account's username, the token's name, or {@code oidc:<name at the provider>}
 * @param allZones whether the caller reaches every zone; {@code zones} is empty then
 * @param tokenId the token's id when the caller is a token, else null
 */
public record Caller(String name, Role role, boolean allZones, Set<ZoneName> zones, Long tokenId)
    implements java.io.Serializable {
  public Caller {
    allZones |= role == Role.ADMIN;
    zones = allZones ? Set.of() : Set.copyOf(zones);
  }

  /** An account with every zone ({@code allZones}) or just its granted ones (stored names). */
  public static Caller account(String username, Role role, boolean allZones, Set<String> zones) {
    return new Caller(username, role, allZones, zoneNames(zones), null);
  }

  /**
   * Stored grants as zone names. A grant that is no zone name (none is stored so, but a login must
   * not fail on one) could never match a zone, so it is left out.
   */
  private static Set<ZoneName> zoneNames(Set<String> zones) {
    TreeSet<ZoneName> names = new TreeSet<>();
    for (String z : zones) {
      ZoneName.parse(z).ifPresent(names::add);
    }
    return names;
  }

  /**
   * A token acting for its owner: with the lower of the token's and the owner's role and, when the
   * token names zones, only those of them the owner still reaches. A token that names no zones
   * reaches what its owner reaches, now.
   */
  public static Caller token(
      long id, String name, Role tokenRole, Set<String> tokenZones, Caller owner) {
    Role role = owner.role().includes(tokenRole) ? tokenRole : owner.role();
    if (tokenZones.isEmpty()) {
      return new Caller(name, role, owner.allZones(), owner.zones(), id);
    }
    TreeSet<ZoneName> zones = new TreeSet<>();
    for (ZoneName z : zoneNames(tokenZones)) {
      if (owner.canRead(z)) {
        zones.add(z);
      }
    }
    return new Caller(name, role, false, zones, id);
  }

  /** What a single-sign-on caller's name starts with; no account name can (':' is not allowed). */
  public static final String SINGLE_SIGN_ON_PREFIX = "oidc:";

  /**
   * A user signed in at an OpenID Connect provider: no account row, the role mapped from its groups
   * at this login, every zone. The name ({@code oidc:<name>}) is what the audit log shows; it is
   * cut to fit the log's 120 characters and stripped of control characters.
   */
  public static Caller singleSignOn(String nameAtProvider, Role role) {
    String n = nameAtProvider == null ? "" : nameAtProvider.strip().replaceAll("\\p{Cntrl}", "?");
    if (n.isEmpty()) {
      throw new IllegalArgumentException("a single-sign-on caller needs a name");
    }
    int max = 120 - SINGLE_SIGN_ON_PREFIX.length();
    return new Caller(
        SINGLE_SIGN_ON_PREFIX + (n.length() > max ? n.substring(0, max) : n),
        role,
        true,
        Set.of(),
        null);
  }

  /** What the name of a dynamic update's caller starts with; no account name can (':'). */
  public static final String TSIG_PREFIX = "tsig:";

  /**
   * A dynamic update (RFC 2136) signed with a TSIG key: no account stands behind it. The key's
   * update policy has already judged each record it changes; as a caller it is an operator of the
   * one zone it updates and nothing else, so the services' checks hold, and the audit log names it
   * {@code tsig:<key name>} (cut to the log's 120 characters). A null zone (an UPDATE refused
   * before it named a felu zone) reaches no zone; such a caller only signs the refusal's audit
   * entry.
   */
  public static Caller tsigKey(String keyName, ZoneName zone) {
    String n = keyName == null ? "" : keyName.strip().replaceAll("\\p{Cntrl}", "?");
    if (n.isEmpty()) {
      throw new IllegalArgumentException("a TSIG caller needs the key's name");
    }
    int max = 120 - TSIG_PREFIX.length();
    return new Caller(
        TSIG_PREFIX + (n.length() > max ? n.substring(0, max) : n),
        Role.OPERATOR,
        false,
        zone == null ? Set.of() : Set.of(zone),
        null);
  }

  public boolean isToken() {
    return tokenId != null;
  }

  /** A user of the OpenID Connect provider, who has no local account. */
  public boolean isSingleSignOn() {
    return tokenId == null && name.startsWith(SINGLE_SIGN_ON_PREFIX);
  }

  /**
   * How the audit log names the caller: the username, {@code token:<name>}, {@code oidc:<name>} or
   * {@code tsig:<key name>}.
   */
  public String actor() {
    return isToken() ? "token:" + name : name;
  }

  /** The listed zones as stored ({@code example.test.}); empty for a caller with every zone. */
  public Set<String> zoneNames() {
    TreeSet<String> names = new TreeSet<>();
    zones.forEach(z -> names.add(z.toString()));
    return names;
  }

  /** Limited to the listed zones (perhaps none), rather than reaching every zone. */
  public boolean scoped() {
    return !allZones;
  }

  public boolean has(Role needed) {
    return role.includes(needed);
  }

  /** May this caller see the zone's records (and anything else about it)? */
  public boolean canRead(ZoneName zone) {
    return allZones || zones.contains(zone);
  }

  /** {@link #canRead(ZoneName)} for a name as text; text that names no zone is never readable. */
  public boolean canRead(String zone) {
    return allZones || ZoneName.parse(zone).map(zones::contains).orElse(false);
  }

  /**
   * A JPQL condition that keeps only rows of zones this caller may read, with its parameter put in
   * {@code params}; empty when the caller reaches every zone.
   *
   * @param zoneName the query's path to the zone's absolute lower-case name, e.g. {@code z.name}
   */
  public Optional<String> scopeFilter(String zoneName, Map<String, Object> params) {
    if (allZones) {
      return Optional.empty();
    }
    if (zones.isEmpty()) {
      // IN () is not JPQL; a zone always has a name, so this matches nothing
      return Optional.of(zoneName + " IS NULL");
    }
    params.put("scope", zones.stream().map(ZoneName::toString).toList());
    return Optional.of(zoneName + " IN :scope");
  }

  /** May this caller change the zone's records? */
  public boolean canEdit(String zone) {
    return has(Role.OPERATOR) && canRead(zone);
  }

  /** May this caller create or delete whole zones? Only unscoped operators and admins. */
  public boolean canCreateOrDeleteZones() {
    return has(Role.OPERATOR) && !scoped();
  }

  /**
   * Refuses a caller below {@code needed}, for services whose boundary (a REST method's
   * {@code @RolesAllowed}, a page's web.xml constraint) already admits only that role: the service
   * checks again, so a missed constraint or a crafted post cannot reach it.
   *
   * @param what what the role is needed for, as the refusal says it ("manage accounts")
   */
  public void require(Role needed, String what) {
    if (!has(needed)) {
      throw new AccessDeniedException(
          "your role " + role.id() + " may not " + what + "; that needs " + needed.id());
    }
  }

  public void requireRead(String zone) {
    if (!canRead(zone)) {
      throw new AccessDeniedException(
          "zone "
              + ZoneName.parse(zone).map(ZoneName::toString).orElse(zone)
              + " is outside your zone scope");
    }
  }

  public void requireEdit(String zone) {
    requireRead(zone);
    if (!canEdit(zone)) {
      throw new AccessDeniedException("your role " + role.id() + " may not change zones");
    }
  }

  public void requireCreateOrDelete() {
    if (!canCreateOrDeleteZones()) {
      throw new AccessDeniedException(
          scoped()
              ? "a caller limited to some zones may not create or delete zones"
              : "your role " + role.id() + " may not create or delete zones");
    }
  }
}

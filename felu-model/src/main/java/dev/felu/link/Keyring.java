package dev.felu.link;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The link keys a nameserver accepts, by key id. Written as entries separated by commas or line
 * breaks, each either {@code keyId:base64key} or a {@link BootstrapToken}; {@code #} starts a
 * comment that runs to the end of the line. A key from a token is bound to the token's nameserver
 * name; a plain entry to the nameserver's configured name.
 */
public final class Keyring {
  public static final Keyring EMPTY = new Keyring(Map.of());

  /**
   * @param nameserver the nameserver name the key is bound to, or null for the configured name
   */
  public record Entry(LinkKey key, String nameserver) {}

  private final Map<String, Entry> byId;

  private Keyring(Map<String, Entry> byId) {
    this.byId = Map.copyOf(byId);
  }

  /**
   * Parses keys from configuration text.
   *
   * @param source where the text comes from, for messages (never the text itself: it is secret)
   * @throws IllegalArgumentException naming the source and the bad entry's position
   */
  public static Keyring parse(String text, String source) {
    Map<String, Entry> keys = new LinkedHashMap<>();
    if (text == null) {
      return EMPTY;
    }
    int n = 0;
    for (String line : text.split("\\R")) {
      int hash = line.indexOf('#');
      String content = hash >= 0 ? line.substring(0, hash) : line;
      for (String item : content.split("[,\\s]+")) {
        if (item.isEmpty()) {
          continue;
        }
        n++;
        Entry e;
        try {
          e =
              BootstrapToken.looksLikeToken(item)
                  ? fromToken(BootstrapToken.parse(item))
                  : new Entry(LinkKey.parse(item), null);
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(
              source + ": entry " + n + " is invalid: " + ex.getMessage());
        }
        Entry before = keys.putIfAbsent(e.key().id(), e);
        if (before != null && !before.key().equals(e.key())) {
          throw new IllegalArgumentException(
              source + ": key id " + e.key().id() + " is given twice with different keys");
        }
      }
    }
    return new Keyring(keys);
  }

  private static Entry fromToken(BootstrapToken t) {
    return new Entry(t.key(), t.nameserver());
  }

  /** Both keyrings' keys; on a clash of ids this one's entry wins. */
  public Keyring plus(Keyring other) {
    Map<String, Entry> all = new LinkedHashMap<>(other.byId);
    all.putAll(byId);
    return new Keyring(all);
  }

  public Optional<Entry> find(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  public Collection<Entry> entries() {
    return byId.values();
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }

  @Override
  public String toString() {
    return "Keyring" + byId.keySet();
  }
}

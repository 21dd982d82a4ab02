package dev.felu.nameserver;

import dev.felu.link.KeySealer;
import dev.felu.problem.UnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The master key that seals link keys at rest: {@code felu.link.master-key} (Base64, 256 bits),
 * from MicroProfile Config only — a system property, the environment ({@code
 * FELU_LINK_MASTER_KEY}), never the database or the archive. Without it no key can be issued or
 * read, so nothing is pushed; every attempt says why.
 */
@ApplicationScoped
public class LinkKeyVault {
  private static final Logger LOG = Logger.getLogger(LinkKeyVault.class.getName());
  public static final String MISSING =
      "felu.link.master-key is not set (Base64 of 32 random bytes, e.g. env FELU_LINK_MASTER_KEY):"
          + " link keys can be neither issued nor read, so nothing is pushed";

  @Inject
  @ConfigProperty(name = "felu.link.master-key")
  Optional<String> masterKey;

  private KeySealer sealer;
  private String problem;

  @PostConstruct
  void init() {
    if (masterKey.isEmpty() || masterKey.get().isBlank()) {
      problem = MISSING;
      LOG.severe(problem);
      return;
    }
    try {
      sealer = KeySealer.fromBase64(masterKey.get());
    } catch (IllegalArgumentException e) {
      problem = "felu.link.master-key is invalid: " + e.getMessage();
      LOG.severe(problem);
    }
  }

  /** The sealer, when the master key is usable. */
  public Optional<KeySealer> available() {
    return Optional.ofNullable(sealer);
  }

  /** Why there is no sealer, or null. */
  public String problem() {
    return problem;
  }

  /**
   * @throws UnavailableException when the master key is missing or invalid
   */
  public KeySealer sealer() {
    if (sealer == null) {
      throw new UnavailableException(problem);
    }
    return sealer;
  }
}

package dev.felu.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A nameserver's link keys: those given inline in its configuration plus, optionally, those in a
 * keys file that it only ever reads. The file is read again whenever its modification time or size
 * changes, which is how keys rotate without a restart. A missing or invalid file contributes no
 * keys (fail closed) and is reported once per change.
 */
public final class KeySource {
  private static final Logger LOG = Logger.getLogger(KeySource.class.getName());

  private final Keyring inline;
  private final Path file;
  private FileTime seenModified;
  private long seenSize = -1;
  private boolean seenMissing;
  private Keyring fromFile = Keyring.EMPTY;

  /**
   * @param inline keys text from configuration (may be null)
   * @param file the keys file, or null
   * @throws IllegalArgumentException when the inline text is invalid
   */
  public KeySource(String inline, Path file) {
    this.inline = Keyring.parse(inline, "felu.ns.link.keys");
    this.file = file;
  }

  /** The keys accepted now. */
  public synchronized Keyring current() {
    if (file != null) {
      refresh();
    }
    return inline.plus(fromFile);
  }

  private void refresh() {
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      if (!seenMissing) {
        LOG.warning("link keys file " + file + " does not exist: no keys from it");
        seenMissing = true;
      }
      seenModified = null;
      fromFile = Keyring.EMPTY;
      return;
    } catch (IOException e) {
      LOG.severe("link keys file " + file + " cannot be read (" + e + "): no keys from it");
      fromFile = Keyring.EMPTY;
      seenModified = null;
      return;
    }
    seenMissing = false;
    if (Objects.equals(modified, seenModified) && size == seenSize) {
      return;
    }
    seenModified = modified;
    seenSize = size;
    try {
      fromFile =
          Keyring.parse(Files.readString(file, StandardCharsets.UTF_8), "link keys file " + file);
      LOG.info("read link keys " + fromFile + " from " + file);
    } catch (IOException | IllegalArgumentException e) {
      LOG.severe(e.getMessage() + ": no keys from it until it changes");
      fromFile = Keyring.EMPTY;
    }
  }
}

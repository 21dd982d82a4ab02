package dev.felu.push;

import dev.felu.protocol.Reply;
import java.time.OffsetDateTime;

/**
 * What the management server knows of one nameserver's link.
 *
 * @param revision revision the nameserver reported last, -1 when it holds none
 * @param hash hash the nameserver reported last (hex), null when unknown
 * @param serving whether it answers DNS
 * @param inSync whether it holds the head revision with the head hash
 */
public record LinkStatus(
    boolean connected,
    long revision,
    String hash,
    boolean serving,
    boolean inSync,
    OffsetDateTime lastContact,
    String lastError) {
  public static final LinkStatus UNKNOWN =
      new LinkStatus(false, -1, null, false, false, null, null);

  /** What a caller limited to some zones reads instead of an error's text. */
  static final String DETAIL_WITHHELD =
      "failed (the details may name zones: shown to callers with every zone)";

  /** This status as a caller limited to some zones sees it: an error's text may name zones. */
  public LinkStatus withoutZoneDetail() {
    return withLastError(lastError == null ? null : DETAIL_WITHHELD);
  }

  /**
   * After a reply arrived at {@code at}: connected, holding what the nameserver reported; whether
   * that is the head is for the sync to say.
   */
  LinkStatus withReply(Reply r, OffsetDateTime at) {
    return new LinkStatus(
        true,
        r.revision(),
        r.revision() < 0 ? null : r.hash().hex(),
        r.serving(),
        inSync,
        at,
        r.error());
  }

  LinkStatus withInSync(boolean now) {
    return new LinkStatus(connected, revision, hash, serving, now, lastContact, lastError);
  }

  /** The connection dropped: not connected, so not known to be in sync either. */
  LinkStatus disconnected() {
    return new LinkStatus(false, revision, hash, serving, false, lastContact, lastError);
  }

  LinkStatus withLastError(String error) {
    return new LinkStatus(connected, revision, hash, serving, inSync, lastContact, error);
  }
}

package dev.felu.config;

import dev.felu.model.config.ConfigHead;
import dev.felu.model.zone.Zone;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ZoneContent;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Reads the whole configuration at the head revision, for a nameserver that is new or lost. */
@Stateless
public class SnapshotReader {
  private static final Logger LOG = Logger.getLogger(SnapshotReader.class.getName());

  @PersistenceContext EntityManager em;

  public Message.Snapshot read() {
    // a share lock on the head: no change can commit while we read, so zones and revision agree
    ConfigHead head = em.find(ConfigHead.class, ConfigHead.ID, LockModeType.PESSIMISTIC_READ);
    List<Zone> zones = em.createNamedQuery(Zone.ALL_WITH_RECORDS, Zone.class).getResultList();
    List<ZoneContent> contents = new ArrayList<>(zones.size());
    ConfigHash hash = ConfigHash.EMPTY;
    for (Zone z : zones) {
      ZoneContent c = new ZoneContent(z.dnsName(), z.dnsRecords());
      contents.add(c);
      hash = hash.plus(c.digest());
    }
    if (!hash.equals(head.hash())) {
      LOG.severe(
          "stored head hash "
              + head.hash().shortHex()
              + " differs from the zones' hash "
              + hash.shortHex()
              + " at revision "
              + head.getRevision());
    }
    return new Message.Snapshot(head.getRevision(), hash, contents);
  }
}

package dev.felu.model.zone;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.IOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One resource record of a zone. Owner name is absolute; data is the RFC 1035 presentation form of
 * the RDATA with absolute names, exactly as dnsjava prints it, so it reparses to the same record.
 */
@Entity
@Table(name = "zone_record")
public class ZoneRecord {
  @Id
  @SequenceGenerator(name = "record_seq", sequenceName = "record_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "record_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "zone_id", nullable = false)
  private Zone zone;

  @Column(nullable = false, length = 255)
  private String name;

  @Column(nullable = false, length = 16)
  private String type;

  @Column(nullable = false)
  private long ttl;

  @Column(nullable = false, length = 65535)
  private String data;

  @Version private long version;

  protected ZoneRecord() {}

  ZoneRecord(Zone zone, Record record) {
    this.zone = zone;
    replace(record);
  }

  /** Overwrites this record with another (already validated) one of the same zone. */
  public void replace(Record record) {
    this.name = record.getName().toString();
    this.type = Type.string(record.getType());
    this.ttl = record.getTTL();
    this.data = record.rdataToString();
  }

  public Record toDnsRecord() {
    try {
      Name owner = Name.fromString(name);
      return Record.fromString(owner, Type.value(type), DClass.IN, ttl, data, Name.root);
    } catch (IOException e) {
      throw new IllegalStateException("stored record no longer parses: " + name + " " + type, e);
    }
  }

  public Long getId() {
    return id;
  }

  public Zone getZone() {
    return zone;
  }

  public String getName() {
    return name;
  }

  public String getType() {
    return type;
  }

  public long getTtl() {
    return ttl;
  }

  public String getData() {
    return data;
  }

  public long getVersion() {
    return version;
  }
}

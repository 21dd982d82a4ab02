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
import java.net.InetAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
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
    this.data = presentation(record);
  }

  /**
   * The record's data as operators write it. dnsjava prints IPv6 uncompressed ({@code
   * 2001:db8:0:0:0:0:0:1}); we store the RFC 5952 form ({@code 2001:db8::1}).
   */
  public static String presentation(Record record) {
    if (record instanceof AAAARecord aaaa) {
      return rfc5952(aaaa.getAddress().getAddress());
    }
    return record.rdataToString();
  }

  /** A 16-byte IPv6 address in RFC 5952 text (§4: lower case, the longest zero run as ::). */
  public static String rfc5952(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  public Record toDnsRecord() {
    return toDnsRecord(name, type, ttl, data);
  }

  /**
   * The dnsjava record for one stored row's columns ({@code name}, {@code type}, {@code ttl},
   * {@code data}), for readers that stream rows without loading entities.
   */
  public static Record toDnsRecord(String name, String type, long ttl, String data) {
    try {
      Name owner = Name.fromString(name);
      int t = Type.value(type);
      if (t == Type.A) {
        // the text parser costs about 2 µs a record, most of a snapshot's reading: an address is
        // read by the function the parser itself would call, and anything else goes to the parser
        byte[] address = Address.toByteArray(data, Address.IPv4);
        if (address != null) {
          return new ARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(address));
        }
      }
      return Record.fromString(owner, t, DClass.IN, ttl, data, Name.root);
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

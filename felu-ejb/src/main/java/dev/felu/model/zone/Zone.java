package dev.felu.model.zone;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * A zone served by the fleet. Its name is stored absolute and lower case, e.g. {@code
 * example.test.}.
 */
@Entity
@Table(name = "zone")
@NamedQuery(name = Zone.BY_NAME, query = "SELECT z FROM Zone z WHERE z.name = :name")
@NamedQuery(
    name = Zone.ALL_WITH_RECORDS,
    query = "SELECT DISTINCT z FROM Zone z LEFT JOIN FETCH z.records ORDER BY z.name")
public class Zone {
  public static final String BY_NAME = "Zone.byName";
  public static final String ALL_WITH_RECORDS = "Zone.allWithRecords";

  @Id
  @SequenceGenerator(name = "zone_seq", sequenceName = "zone_seq", allocationSize = 20)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "zone_seq")
  private Long id;

  @Column(nullable = false, unique = true, length = 255)
  private String name;

  @OneToMany(mappedBy = "zone", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("name ASC, type ASC, id ASC")
  private List<ZoneRecord> records = new ArrayList<>();

  @Version private long version;

  protected Zone() {}

  public Zone(Name name) {
    this.name = name.canonicalize().toString();
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Name dnsName() {
    try {
      return Name.fromString(name);
    } catch (TextParseException e) {
      throw new IllegalStateException("stored zone name is invalid: " + name, e);
    }
  }

  public List<ZoneRecord> getRecords() {
    return records;
  }

  public ZoneRecord add(Record record) {
    ZoneRecord r = new ZoneRecord(this, record);
    records.add(r);
    return r;
  }

  /**
   * A new record of this zone that is not added to {@link #getRecords()}: for bulk writes (an
   * import) that persist rows without loading the zone's whole record collection. Persist it.
   */
  public ZoneRecord newRecord(Record record) {
    return new ZoneRecord(this, record);
  }

  public List<Record> dnsRecords() {
    return records.stream().map(ZoneRecord::toDnsRecord).toList();
  }

  public long getVersion() {
    return version;
  }
}

package dev.felu.ns.zone;

import dev.felu.protocol.ZoneContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Test zones written as zone-file text. */
public final class Zones {
  private Zones() {}

  /** The frames of a snapshot transfer of these zones at {@code revision}, Begin to Commit. */
  public static java.util.List<byte[]> snapshotFrames(
      long revision, java.util.Collection<ZoneContent> zones) {
    dev.felu.protocol.ConfigHash hash = dev.felu.protocol.ConfigHash.EMPTY;
    for (ZoneContent z : zones) {
      hash = hash.plus(z.digest());
    }
    return dev.felu.protocol.TransferWriter.messages(
            dev.felu.protocol.Message.Begin.snapshot(revision, hash), zones, java.util.List.of())
        .stream()
        .map(dev.felu.protocol.ProtocolCodec::encode)
        .toList();
  }

  /**
   * As {@link #snapshotFrames}, with a transfer policy that lets {@code networks} transfer every
   * zone without a key.
   */
  public static java.util.List<byte[]> snapshotFrames(
      long revision, java.util.Collection<ZoneContent> zones, java.util.List<String> networks) {
    dev.felu.protocol.ConfigHash hash = dev.felu.protocol.ConfigHash.EMPTY;
    for (ZoneContent z : zones) {
      hash = hash.plus(z.digest());
    }
    java.util.List<dev.felu.protocol.Message> out = new java.util.ArrayList<>();
    dev.felu.protocol.TransferWriter w =
        new dev.felu.protocol.TransferWriter(
            dev.felu.protocol.Message.Begin.snapshot(revision, hash), out::add);
    zones.forEach(w::zone);
    w.policy(
        java.util.List.of(),
        zones.stream()
            .map(
                z ->
                    new dev.felu.protocol.Message.ZonePolicy(
                        z.name(), networks, java.util.List.of()))
            .toList());
    w.commit();
    return out.stream().map(dev.felu.protocol.ProtocolCodec::encode).toList();
  }

  public static ZoneContent content(String origin, String zoneFile) {
    try {
      Name name = Name.fromString(origin);
      List<Record> records = new ArrayList<>();
      try (Master m =
          new Master(
              new ByteArrayInputStream(zoneFile.getBytes(StandardCharsets.UTF_8)), name, 3600)) {
        for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
          records.add(r);
        }
      }
      return new ZoneContent(name, records);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zone read from a zone file on the test class path. */
  public static ZoneContent fromResource(String origin, String resource) {
    try (InputStream in = Zones.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return content(origin, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ZoneData zone(String origin, String zoneFile) {
    return ZoneData.build(content(origin, zoneFile));
  }

  public static final String EXAMPLE =
      """
      @        3600 IN SOA ns1 hostmaster 2024010101 3600 600 604800 300
      @        3600 IN NS  ns1
      ns1      3600 IN A   192.0.2.53
      www       300 IN A   192.0.2.10
      alias     300 IN CNAME www
      loop1     300 IN CNAME loop2
      loop2     300 IN CNAME loop1
      out       300 IN CNAME www.elsewhere.test.
      a.b.c     300 IN TXT "deep"
      """;
}

package dev.felu.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Binary encoding of {@link Message}s and {@link Reply}s, one per WebSocket frame.
 *
 * <p>Layout: magic {@code "FL"}, version byte ({@value #VERSION}), type byte, then the body. Names
 * and records are in DNS wire format (RFC 1035 §3.2.1, uncompressed), each record prefixed by its
 * length. Frames of another version are refused with a message that names both versions, so a
 * management server and a nameserver of different releases fail loudly, never half-understand each
 * other. No frame may exceed {@link #MAX_FRAME}; counts are checked against the bytes that are
 * actually there before anything is allocated.
 */
public final class ProtocolCodec {
  /** Protocol version: 2 = chunked transfers (Begin, ZoneChunk, Removals, Commit). */
  public static final int VERSION = 2;

  /**
   * Largest frame either side accepts. {@link TransferWriter} cuts chunks at about {@link
   * TransferWriter#TARGET_CHUNK_BYTES}; one record is at most 64 KiB, so a chunk never comes close.
   */
  public static final int MAX_FRAME = 4 * 1024 * 1024;

  /** Most records one frame may carry, whatever their size. */
  public static final int MAX_RECORDS_PER_FRAME = 65_536;

  private static final byte[] MAGIC = {'F', 'L'};
  private static final int STATUS = 1;
  private static final int BEGIN = 4;
  private static final int ZONES = 5;
  private static final int REMOVALS = 6;
  private static final int COMMIT = 7;
  private static final int POLICY = 8;
  private static final int REPLY = 10;

  private ProtocolCodec() {}

  public static byte[] encode(Message message) {
    return write(
        out -> {
          if (message instanceof Message.StatusRequest) {
            header(out, STATUS);
          } else if (message instanceof Message.Begin b) {
            header(out, BEGIN);
            out.writeByte(b.kind().ordinal());
            out.writeLong(b.baseRevision());
            out.writeLong(b.revision());
            out.write(b.hash().toBytes());
          } else if (message instanceof Message.ZoneChunk c) {
            header(out, ZONES);
            out.writeLong(c.sequence());
            out.writeInt(c.parts().size());
            for (Message.ZonePart part : c.parts()) {
              writeName(out, part.zone());
              out.writeBoolean(part.continued());
              out.writeInt(part.records().size());
              for (Record r : part.records()) {
                byte[] wire = r.toWire(Section.ANSWER);
                out.writeShort(wire.length);
                out.write(wire);
              }
            }
          } else if (message instanceof Message.Removals r) {
            header(out, REMOVALS);
            out.writeLong(r.sequence());
            out.writeInt(r.zones().size());
            for (Name n : r.zones()) {
              writeName(out, n);
            }
          } else if (message instanceof Message.TransferPolicy p) {
            header(out, POLICY);
            out.writeLong(p.sequence());
            out.writeInt(p.keys().size());
            for (Message.PolicyKey k : p.keys()) {
              writeName(out, k.name());
              writeName(out, k.algorithm());
              byte[] secret = k.secret();
              out.writeShort(secret.length);
              out.write(secret);
            }
            out.writeInt(p.zones().size());
            for (Message.ZonePolicy z : p.zones()) {
              writeName(out, z.zone());
              out.writeInt(z.networks().size());
              for (String n : z.networks()) {
                out.writeUTF(n);
              }
              out.writeInt(z.keys().size());
              for (Name k : z.keys()) {
                writeName(out, k);
              }
              out.writeInt(z.secondaries().size());
              for (Message.NotifyTarget t : z.secondaries()) {
                out.writeUTF(t.address());
                out.writeShort(t.port());
                out.writeBoolean(t.key() != null);
                if (t.key() != null) {
                  writeName(out, t.key());
                }
              }
            }
          } else if (message instanceof Message.Commit c) {
            header(out, COMMIT);
            out.writeLong(c.sequence());
            out.writeInt(c.zones());
            out.writeLong(c.records());
            out.writeInt(c.removals());
          }
        });
  }

  public static byte[] encode(Reply reply) {
    return write(
        out -> {
          header(out, REPLY);
          out.writeLong(reply.revision());
          out.write(reply.hash().toBytes());
          out.writeBoolean(reply.serving());
          out.writeBoolean(reply.error() != null);
          if (reply.error() != null) {
            out.writeUTF(truncate(reply.error()));
          }
        });
  }

  public static Message decodeMessage(byte[] frame) throws ProtocolException {
    try {
      DataInputStream in = open(frame);
      int type = in.readUnsignedByte();
      Message m =
          switch (type) {
            case STATUS -> new Message.StatusRequest();
            case BEGIN -> {
              int kind = in.readUnsignedByte();
              if (kind >= Message.Kind.values().length) {
                throw new ProtocolException("unknown transfer kind " + kind);
              }
              yield new Message.Begin(
                  Message.Kind.values()[kind], in.readLong(), in.readLong(), readHash(in));
            }
            case ZONES -> readZoneChunk(in);
            case REMOVALS -> {
              long sequence = in.readLong();
              int n = count(in, "removal", 1);
              List<Name> names = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                names.add(readName(in));
              }
              yield new Message.Removals(sequence, names);
            }
            case POLICY -> readPolicy(in);
            case COMMIT ->
                new Message.Commit(in.readLong(), in.readInt(), in.readLong(), in.readInt());
            default -> throw new ProtocolException("unknown message type " + type);
          };
      expectEnd(in);
      return m;
    } catch (EOFException e) {
      throw new ProtocolException("frame ends early", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ProtocolException("malformed frame: " + e.getMessage(), e);
    }
  }

  private static Message.ZoneChunk readZoneChunk(DataInputStream in)
      throws IOException, ProtocolException {
    long sequence = in.readLong();
    int parts = count(in, "zone part", 7);
    List<Message.ZonePart> out = new ArrayList<>(parts);
    int total = 0;
    for (int i = 0; i < parts; i++) {
      Name name = readName(in);
      boolean continued = in.readBoolean();
      int records = count(in, "record", 2);
      total += records;
      if (total > MAX_RECORDS_PER_FRAME) {
        throw new ProtocolException("more than " + MAX_RECORDS_PER_FRAME + " records in one frame");
      }
      List<Record> rrs = new ArrayList<>(records);
      for (int j = 0; j < records; j++) {
        byte[] wire = in.readNBytes(in.readUnsignedShort());
        rrs.add(Record.fromWire(wire, Section.ANSWER));
      }
      out.add(new Message.ZonePart(name, continued, rrs));
    }
    return new Message.ZoneChunk(sequence, out);
  }

  private static Message.TransferPolicy readPolicy(DataInputStream in)
      throws IOException, ProtocolException {
    long sequence = in.readLong();
    int keyCount = count(in, "key", 5);
    List<Message.PolicyKey> keys = new ArrayList<>(keyCount);
    for (int i = 0; i < keyCount; i++) {
      Name name = readName(in);
      Name algorithm = readName(in);
      byte[] secret = in.readNBytes(in.readUnsignedShort());
      keys.add(new Message.PolicyKey(name, algorithm, secret));
    }
    int zoneCount = count(in, "zone policy", 9);
    List<Message.ZonePolicy> zones = new ArrayList<>(zoneCount);
    for (int i = 0; i < zoneCount; i++) {
      Name zone = readName(in);
      int networkCount = count(in, "network", 2);
      List<String> networks = new ArrayList<>(networkCount);
      for (int j = 0; j < networkCount; j++) {
        networks.add(in.readUTF());
      }
      int zoneKeys = count(in, "zone key", 2);
      List<Name> names = new ArrayList<>(zoneKeys);
      for (int j = 0; j < zoneKeys; j++) {
        names.add(readName(in));
      }
      int notifyCount = count(in, "notify target", 5);
      List<Message.NotifyTarget> notify = new ArrayList<>(notifyCount);
      for (int j = 0; j < notifyCount; j++) {
        String address = in.readUTF();
        int port = in.readUnsignedShort();
        notify.add(new Message.NotifyTarget(address, port, in.readBoolean() ? readName(in) : null));
      }
      zones.add(new Message.ZonePolicy(zone, networks, names, notify));
    }
    return new Message.TransferPolicy(sequence, keys, zones);
  }

  public static Reply decodeReply(byte[] frame) throws ProtocolException {
    try {
      DataInputStream in = open(frame);
      int type = in.readUnsignedByte();
      if (type != REPLY) {
        throw new ProtocolException("expected a reply, got message type " + type);
      }
      long revision = in.readLong();
      ConfigHash hash = readHash(in);
      boolean serving = in.readBoolean();
      String error = in.readBoolean() ? in.readUTF() : null;
      expectEnd(in);
      return new Reply(revision, hash, serving, error);
    } catch (EOFException e) {
      throw new ProtocolException("frame ends early", e);
    } catch (IOException e) {
      throw new ProtocolException("malformed frame: " + e.getMessage(), e);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void header(DataOutputStream out, int type) throws IOException {
    out.write(MAGIC);
    out.writeByte(VERSION);
    out.writeByte(type);
  }

  private static DataInputStream open(byte[] frame) throws IOException, ProtocolException {
    if (frame.length > MAX_FRAME) {
      throw new ProtocolException(
          "frame of " + frame.length + " bytes exceeds the limit of " + MAX_FRAME);
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
    if (frame.length < 4 || frame[0] != MAGIC[0] || frame[1] != MAGIC[1]) {
      throw new ProtocolException("not a felu protocol frame");
    }
    in.skipNBytes(2);
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new ProtocolException(
          "unsupported protocol version "
              + version
              + " (this side speaks version "
              + VERSION
              + ")");
    }
    return in;
  }

  private static void expectEnd(DataInputStream in) throws IOException, ProtocolException {
    if (in.available() > 0) {
      throw new ProtocolException(in.available() + " unexpected bytes after the message");
    }
  }

  /** Reads a count and checks that the frame can hold that many items of at least that size. */
  private static int count(DataInputStream in, String what, int minBytesEach)
      throws IOException, ProtocolException {
    int n = in.readInt();
    if (n < 0 || (long) n * minBytesEach > in.available()) {
      throw new ProtocolException("impossible " + what + " count " + n);
    }
    return n;
  }

  private static ConfigHash readHash(DataInputStream in) throws IOException {
    byte[] bytes = new byte[32];
    in.readFully(bytes);
    return ConfigHash.fromBytes(bytes);
  }

  private static void writeName(DataOutputStream out, Name name) throws IOException {
    byte[] wire = name.toWire();
    out.writeByte(wire.length);
    out.write(wire);
  }

  private static Name readName(DataInputStream in) throws IOException {
    byte[] wire = in.readNBytes(in.readUnsignedByte());
    return new Name(new DNSInput(wire));
  }

  private static String truncate(String s) {
    return s.length() > 4000 ? s.substring(0, 4000) : s;
  }
}

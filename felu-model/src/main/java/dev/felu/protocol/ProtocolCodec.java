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
 * <p>Layout: magic {@code "FL"}, version byte, type byte, then the body. Names and records are in
 * DNS wire format (RFC 1035 §3.2.1, uncompressed), each record prefixed by its length.
 */
public final class ProtocolCodec {
  private static final byte[] MAGIC = {'F', 'L'};
  private static final int VERSION = 1;
  private static final int STATUS = 1;
  private static final int SNAPSHOT = 2;
  private static final int DELTA = 3;
  private static final int REPLY = 10;

  private ProtocolCodec() {}

  public static byte[] encode(Message message) {
    return write(
        out -> {
          if (message instanceof Message.StatusRequest) {
            header(out, STATUS);
          } else if (message instanceof Message.Snapshot s) {
            header(out, SNAPSHOT);
            out.writeLong(s.revision());
            out.write(s.hash().toBytes());
            writeZones(out, s.zones());
          } else if (message instanceof Message.Delta d) {
            header(out, DELTA);
            out.writeLong(d.baseRevision());
            out.writeLong(d.revision());
            out.write(d.hash().toBytes());
            writeZones(out, d.puts());
            out.writeInt(d.removals().size());
            for (Name n : d.removals()) {
              writeName(out, n);
            }
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
            case SNAPSHOT -> new Message.Snapshot(in.readLong(), readHash(in), readZones(in));
            case DELTA -> {
              long base = in.readLong();
              long revision = in.readLong();
              ConfigHash hash = readHash(in);
              List<ZoneContent> puts = readZones(in);
              int removals = count(in, "removals");
              List<Name> names = new ArrayList<>(removals);
              for (int i = 0; i < removals; i++) {
                names.add(readName(in));
              }
              yield new Message.Delta(base, revision, hash, puts, names);
            }
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
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
    if (frame.length < 4 || frame[0] != MAGIC[0] || frame[1] != MAGIC[1]) {
      throw new ProtocolException("not a felu protocol frame");
    }
    in.skipNBytes(2);
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new ProtocolException("unsupported protocol version " + version);
    }
    return in;
  }

  private static void expectEnd(DataInputStream in) throws IOException, ProtocolException {
    if (in.available() > 0) {
      throw new ProtocolException(in.available() + " unexpected bytes after the message");
    }
  }

  private static int count(DataInputStream in, String what) throws IOException, ProtocolException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new ProtocolException("impossible " + what + " count " + n);
    }
    return n;
  }

  private static ConfigHash readHash(DataInputStream in) throws IOException {
    byte[] bytes = new byte[32];
    in.readFully(bytes);
    return ConfigHash.fromBytes(bytes);
  }

  private static void writeZones(DataOutputStream out, List<ZoneContent> zones) throws IOException {
    out.writeInt(zones.size());
    for (ZoneContent z : zones) {
      writeName(out, z.name());
      out.writeInt(z.records().size());
      for (Record r : z.records()) {
        byte[] wire = r.toWire(Section.ANSWER);
        out.writeShort(wire.length);
        out.write(wire);
      }
    }
  }

  private static List<ZoneContent> readZones(DataInputStream in)
      throws IOException, ProtocolException {
    int zones = count(in, "zone");
    List<ZoneContent> out = new ArrayList<>(zones);
    for (int i = 0; i < zones; i++) {
      Name name = readName(in);
      int records = count(in, "record");
      List<Record> rrs = new ArrayList<>(records);
      for (int j = 0; j < records; j++) {
        byte[] wire = in.readNBytes(in.readUnsignedShort());
        rrs.add(Record.fromWire(wire, Section.ANSWER));
      }
      out.add(new ZoneContent(name, rrs));
    }
    return out;
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

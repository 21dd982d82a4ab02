package dev.felu.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key, token and keyring formats, the keys file, and sealing at rest. */
class LinkKeysTest {
  @Test
  void aTokenCarriesNameKeyIdAndKey() {
    LinkKey k = LinkKey.generate();
    String token = new BootstrapToken("ns1", k).token();
    assertTrue(token.startsWith("felu1.ns1." + k.id() + "."), token);
    BootstrapToken back = BootstrapToken.parse(token);
    assertEquals("ns1", back.nameserver());
    assertEquals(k, back.key());
    assertFalse(back.toString().contains(token.substring(token.lastIndexOf('.') + 1)));
    assertThrows(IllegalArgumentException.class, () -> BootstrapToken.parse("felu1.ns1.abc"));
    assertThrows(IllegalArgumentException.class, () -> BootstrapToken.parse("felu2.a.b.c"));
  }

  @Test
  void keysAreAtLeast256BitsAndIdsPlain() {
    assertThrows(IllegalArgumentException.class, () -> new LinkKey("k1", new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> new LinkKey("k.1", new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> LinkKey.parse("k1:not base64!"));
    LinkKey k = LinkKey.generate();
    assertEquals(k, LinkKey.parse(k.toEntry()));
    assertFalse(k.toString().contains(k.toEntry().substring(k.id().length() + 1)));
  }

  @Test
  void aKeyringTakesEntriesAndTokensSeparatedByCommasOrLinesWithComments() {
    LinkKey a = LinkKey.generate();
    LinkKey b = LinkKey.generate();
    Keyring r =
        Keyring.parse(
            "# keys of ns1\n" + a.toEntry() + ", " + new BootstrapToken("ns1", b).token() + "\n",
            "test");
    assertEquals(2, r.entries().size());
    assertNull(r.find(a.id()).orElseThrow().nameserver());
    assertEquals("ns1", r.find(b.id()).orElseThrow().nameserver());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Keyring.parse("x:AAAA", "FILE"));
    assertTrue(e.getMessage().startsWith("FILE: entry 1"), e.getMessage());
    assertFalse(e.getMessage().contains("AAAA"));
  }

  @Test
  void theKeysFileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
    LinkKey inline = LinkKey.generate();
    LinkKey a = LinkKey.generate();
    LinkKey b = LinkKey.generate();
    Path file = dir.resolve("keys");
    KeySource source = new KeySource(inline.toEntry(), file);
    assertEquals(1, source.current().entries().size(), "a missing file adds nothing");

    Files.writeString(file, a.toEntry() + "\n");
    assertTrue(source.current().find(a.id()).isPresent());
    assertTrue(source.current().find(inline.id()).isPresent());

    Files.writeString(file, a.toEntry() + "\n" + b.toEntry() + "\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertTrue(source.current().find(b.id()).isPresent(), "added key accepted without restart");

    Files.writeString(file, b.toEntry() + "\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    assertFalse(source.current().find(a.id()).isPresent(), "removed key no longer accepted");

    Files.writeString(file, "garbage\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(15)));
    assertFalse(source.current().find(b.id()).isPresent(), "an invalid file gives no keys");
    assertTrue(source.current().find(inline.id()).isPresent(), "inline keys stay");
  }

  @Test
  void sealedKeysOpenOnlyWithTheSameMasterKeyAndAssociatedData() {
    KeySealer sealer = KeySealer.fromBase64(KeySealer.generateMasterKey());
    byte[] key = LinkKey.generate().material();
    byte[] sealed = sealer.seal(key, "ns1/k1");
    assertArrayEquals(key, sealer.open(sealed, "ns1/k1"));
    assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "ns2/k1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> KeySealer.fromBase64(KeySealer.generateMasterKey()).open(sealed, "ns1/k1"));
    sealed[sealed.length - 1] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "ns1/k1"));
    assertThrows(IllegalArgumentException.class, () -> KeySealer.fromBase64("c2hvcnQ="));
  }
}

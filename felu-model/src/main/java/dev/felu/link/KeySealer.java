package dev.felu.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts link keys at rest on the management server: AES-256-GCM under a master key that lives
 * only in configuration ({@code felu.link.master-key}). Each sealed value is {@code 1 || 12-byte IV
 * || ciphertext+tag}; the associated data (nameserver and key id) binds a ciphertext to its row, so
 * a value copied to another row does not open.
 */
public final class KeySealer {
  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec master;

  public KeySealer(byte[] masterKey) {
    if (masterKey == null || masterKey.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (256 bits)");
    }
    this.master = new SecretKeySpec(masterKey, "AES");
  }

  /** From Base64 (standard or URL-safe) text, as {@code felu.link.master-key} holds it. */
  public static KeySealer fromBase64(String masterKey) {
    if (masterKey == null || masterKey.isBlank()) {
      throw new IllegalArgumentException("the master key is empty");
    }
    return new KeySealer(LinkKey.decode("master", masterKey.trim()));
  }

  /** A fresh random master key, Base64. */
  public static String generateMasterKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  public byte[] seal(byte[] plain, String associatedData) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plain);
      return ByteBuffer.allocate(1 + IV_BYTES + ct.length).put(VERSION).put(iv).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /**
   * @throws IllegalArgumentException when the value was sealed under another master key or
   *     associated data, or was altered
   */
  public byte[] open(byte[] sealed, String associatedData) {
    if (sealed == null || sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalArgumentException("not a sealed link key");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException(
          "a sealed link key does not open: wrong master key, or the value was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }
}

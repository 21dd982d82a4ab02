package dev.felu.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with PBKDF2-HMAC-SHA512, 210,000 iterations (OWASP's 2023 floor), a 32-byte
 * random salt per password and a 64-byte key. The stored form is the one Jakarta Security's {@code
 * Pbkdf2PasswordHash} writes ({@code PBKDF2WithHmacSHA512:iterations:salt:hash}, Base64), so hashes
 * stay readable by either; the JDK does the work here so the code runs (and is tested) without a
 * container.
 */
public final class Passwords {
  static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  public static final int ITERATIONS = 210_000;
  private static final int SALT_BYTES = 32;
  private static final int KEY_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Spent on unknown usernames so that they take as long to refuse as wrong passwords. */
  private static final String DUMMY = hash("not a password".toCharArray());

  private Passwords() {}

  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, ITERATIONS, KEY_BYTES);
    Base64.Encoder b64 = Base64.getEncoder();
    return ALGORITHM
        + ":"
        + ITERATIONS
        + ":"
        + b64.encodeToString(salt)
        + ":"
        + b64.encodeToString(key);
  }

  /**
   * True when {@code password} hashes to {@code stored}; false for any other password and for a
   * malformed or missing stored hash. Compares in constant time.
   */
  public static boolean verify(char[] password, String stored) {
    if (stored == null) {
      verify(password, DUMMY);
      return false;
    }
    String[] parts = stored.split(":");
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || expected.length == 0) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(password, salt, iterations, expected.length));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Makes an unknown username cost as much as a wrong password. */
  static void burn(char[] password) {
    verify(password, DUMMY);
  }

  /** The iteration count inside a stored hash, or 0 if it cannot be read. */
  public static int iterations(String stored) {
    String[] parts = stored == null ? new String[0] : stored.split(":");
    try {
      return parts.length == 4 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}

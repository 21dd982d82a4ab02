package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    String stored = Passwords.hash("correct horse battery".toCharArray());
    assertTrue(Passwords.verify("correct horse battery".toCharArray(), stored));
    assertFalse(Passwords.verify("correct horse batterx".toCharArray(), stored));
    assertFalse(Passwords.verify(new char[0], stored));
  }

  @Test
  void usesPbkdf2Sha512WithAtLeast210000IterationsAndAFreshSaltEachTime() {
    String a = Passwords.hash("same password".toCharArray());
    String b = Passwords.hash("same password".toCharArray());
    assertTrue(a.startsWith("PBKDF2WithHmacSHA512:"), a);
    assertTrue(Passwords.iterations(a) >= 210_000);
    assertNotEquals(a, b, "per-password salt");
    assertNotEquals(a.split(":")[2], b.split(":")[2]);
    assertEquals(4, a.split(":").length);
  }

  @Test
  void malformedOrMissingHashesNeverVerify() {
    char[] pw = "whatever-password".toCharArray();
    assertFalse(Passwords.verify(pw, null));
    assertFalse(Passwords.verify(pw, ""));
    assertFalse(Passwords.verify(pw, "PBKDF2WithHmacSHA512:x:y:z"));
    assertFalse(Passwords.verify(pw, "MD5:1:AAAA:AAAA"));
    assertFalse(Passwords.verify(pw, "PBKDF2WithHmacSHA512:0:AAAA:AAAA"));
  }
}

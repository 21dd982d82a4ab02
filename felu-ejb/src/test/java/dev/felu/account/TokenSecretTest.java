package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenSecretTest {
  @Test
  void generatedSecretsAreWellFormedAndDistinct() {
    String a = TokenSecret.generate();
    String b = TokenSecret.generate();
    assertTrue(a.startsWith("felu_"));
    assertEquals(5 + 43, a.length(), "256 bits in unpadded base64url");
    assertTrue(TokenSecret.wellFormed(a));
    assertNotEquals(a, b);
  }

  @Test
  void hashIsHexSha256OfTheWholeSecret() {
    // echo -n felu_abc | sha256sum
    assertEquals(
        "04861c50c3a2750abe894e48272fd7d83e90814fbcd6d5847310eef5b59d5c77",
        TokenSecret.hash("felu_abc"));
    assertEquals(TokenSecret.hash("felu_abc"), TokenSecret.hash("felu_abc"));
    assertNotEquals(TokenSecret.hash("felu_abc"), TokenSecret.hash("felu_abd"));
  }

  @Test
  void parsesBearerHeadersOnly() {
    assertEquals(Optional.of("felu_x"), TokenSecret.fromAuthorization("Bearer felu_x"));
    assertEquals(Optional.of("felu_x"), TokenSecret.fromAuthorization("bearer   felu_x "));
    assertEquals(Optional.empty(), TokenSecret.fromAuthorization("Basic YWRtaW46eA=="));
    assertEquals(Optional.empty(), TokenSecret.fromAuthorization(null));
    assertEquals(Optional.empty(), TokenSecret.fromAuthorization("Bearer"));
  }

  @Test
  void rejectsLookalikes() {
    assertFalse(TokenSecret.wellFormed(null));
    assertFalse(TokenSecret.wellFormed("felu_short"));
    assertFalse(TokenSecret.wellFormed("felx_" + "A".repeat(43)));
    assertFalse(TokenSecret.wellFormed("felu_" + "A".repeat(42) + "="));
    assertFalse(TokenSecret.wellFormed("felu_" + "A".repeat(44)));
  }
}

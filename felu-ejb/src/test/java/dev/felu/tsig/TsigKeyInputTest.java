package dev.felu.tsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.felu.input.InvalidInputException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a TSIG key's name, algorithm and given secret may be, and how they are normalised. */
class TsigKeyInputTest {
  @Test
  void namesAreAbsoluteLowerCaseDnsNamesOfHostOrUnderscoreLabels() {
    assertEquals("transfer.example.", TsigKeyService.keyName(" Transfer.Example "));
    assertEquals("_acme-key.", TsigKeyService.keyName("_acme-key."));
    for (String bad : new String[] {null, " ", ".", "a b", "dot\\.inside", "x".repeat(64)}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> TsigKeyService.keyName(bad), bad);
      assertEquals("name", e.field());
    }
  }

  @Test
  void algorithmsAreTheHmacShaFamilyWithSha256ByDefault() {
    assertEquals(TsigAlgorithm.HMAC_SHA256, TsigAlgorithm.of(null));
    assertEquals(TsigAlgorithm.HMAC_SHA512, TsigAlgorithm.of("HMAC-SHA512."));
    assertEquals("hmac-sha1", TsigAlgorithm.of("hmac-sha1").id());
    assertEquals(48, TsigAlgorithm.of("hmac-sha384").secretBytes());
    InvalidInputException md5 =
        assertThrows(InvalidInputException.class, () -> TsigAlgorithm.of("hmac-md5"));
    assertEquals("algorithm", md5.field());
  }

  @Test
  void aGivenSecretIsBase64OfSixteenToFiveHundredTwelveBytesAndNeverRepeated() {
    byte[] key = new byte[32];
    key[0] = 7;
    String b64 = Base64.getEncoder().encodeToString(key);
    assertEquals(7, TsigKeyService.secret(b64.substring(0, 20) + "\n " + b64.substring(20))[0]);
    for (String bad :
        new String[] {
          "%%% not base64 " + b64,
          Base64.getEncoder().encodeToString(new byte[15]),
          Base64.getEncoder().encodeToString(new byte[513])
        }) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> TsigKeyService.secret(bad));
      assertEquals("secret", e.field());
      assertFalse(e.getMessage().contains(bad), e.getMessage());
    }
  }
}

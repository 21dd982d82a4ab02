package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** What the UI session reads from a page: the JSF ViewState and PrimeFaces' CSP nonce. */
class UiSessionTest {
  @Test
  void readsTheViewStateAndTheNonceOfAPrimeFacesPage() {
    var page =
        Jsoup.parse(
            """
            <html><head>
            <script nonce="bm9uY2U=" type="text/javascript">PrimeFaces.csp.init('bm9uY2U=');</script>
            </head><body>
            <form id="login" name="login" method="post" action="/login.xhtml">
              <input type="hidden" name="login" value="login">
              <input type="hidden" name="jakarta.faces.ViewState"
                     id="j_id1:jakarta.faces.ViewState:0" value="-81:42&amp;x" autocomplete="off">
            </form></body></html>
            """);
    assertEquals(Optional.of("-81:42&x"), UiSession.viewState(page), "entities decoded");
    assertEquals(Optional.of("bm9uY2U="), UiSession.nonce(page));
  }

  @Test
  void aPageWithoutAFormHasNoViewStateAndWithoutCspNoNonce() {
    var page = Jsoup.parse("<html><body><p>jakarta.faces.ViewState nonce=\"x\"</p></body></html>");
    assertEquals(Optional.empty(), UiSession.viewState(page));
    assertEquals(Optional.empty(), UiSession.nonce(page));
  }
}

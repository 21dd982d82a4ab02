package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class UpdatePolicyTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final Name OTHER = Name.fromConstantString("example.net.");

  private static UpdatePolicy policy(String... lines) {
    UpdateRule[] rules = new UpdateRule[lines.length];
    for (int i = 0; i < lines.length; i++) {
      rules[i] = UpdateRule.parse(lines[i], i + 1);
    }
    return UpdatePolicy.of(List.of(rules));
  }

  private static boolean allows(UpdatePolicy p, String zone, String owner, int type) {
    return p.allows(Name.fromConstantString(zone), Name.fromConstantString(owner), type);
  }

  @Test
  void deniesEverythingByDefault() {
    assertSame(UpdatePolicy.DENY_ALL, UpdatePolicy.of(List.of()));
    assertFalse(allows(UpdatePolicy.DENY_ALL, "example.com.", "www.example.com.", Type.A));
    assertFalse(allows(UpdatePolicy.DENY_ALL, "example.com.", "example.com.", Type.TXT));
    assertEquals(List.of(), UpdatePolicy.DENY_ALL.rules());
  }

  @Test
  void anExactNameMatchesItselfOnly() {
    UpdatePolicy p = policy("example.com. exact host.example.com. A AAAA");
    assertTrue(allows(p, "example.com.", "host.example.com.", Type.A));
    assertTrue(allows(p, "example.com.", "host.example.com.", Type.AAAA));
    assertFalse(allows(p, "example.com.", "a.host.example.com.", Type.A));
    assertFalse(allows(p, "example.com.", "example.com.", Type.A));
    assertFalse(allows(p, "example.com.", "other.example.com.", Type.A));
    assertFalse(allows(p, "example.com.", "host.example.com.", Type.TXT));
  }

  @Test
  void aSubtreeMatchesTheNameAndEverythingBelow() {
    UpdatePolicy p = policy("example.com. subtree dyn.example.com. A");
    assertTrue(allows(p, "example.com.", "dyn.example.com.", Type.A));
    assertTrue(allows(p, "example.com.", "a.dyn.example.com.", Type.A));
    assertTrue(allows(p, "example.com.", "b.a.dyn.example.com.", Type.A));
    assertFalse(allows(p, "example.com.", "xdyn.example.com.", Type.A));
    assertFalse(allows(p, "example.com.", "example.com.", Type.A));
  }

  @Test
  void aStarAtTheEndMatchesZeroOrMoreLabelsUpToTheZone() {
    UpdatePolicy p = policy("example.com. pattern _acme-challenge.* TXT");
    assertTrue(allows(p, "example.com.", "_acme-challenge.example.com.", Type.TXT));
    assertTrue(allows(p, "example.com.", "_acme-challenge.www.example.com.", Type.TXT));
    assertTrue(allows(p, "example.com.", "_acme-challenge.a.b.example.com.", Type.TXT));
    assertFalse(allows(p, "example.com.", "www.example.com.", Type.TXT));
    assertFalse(allows(p, "example.com.", "x._acme-challenge.example.com.", Type.TXT));
    assertFalse(allows(p, "example.com.", "_acme-challenge-x.example.com.", Type.TXT));
    assertFalse(allows(p, "example.com.", "example.com.", Type.TXT));
    assertFalse(allows(p, "example.com.", "_acme-challenge.example.com.", Type.A));
  }

  @Test
  void aStarAtTheStartOrInTheMiddleMatchesWholeLabels() {
    UpdatePolicy start = policy("example.com. pattern *.dyn A");
    assertTrue(allows(start, "example.com.", "dyn.example.com.", Type.A));
    assertTrue(allows(start, "example.com.", "h.dyn.example.com.", Type.A));
    assertTrue(allows(start, "example.com.", "a.b.dyn.example.com.", Type.A));
    assertFalse(allows(start, "example.com.", "dyn.x.example.com.", Type.A));
    assertFalse(allows(start, "example.com.", "xdyn.example.com.", Type.A));

    UpdatePolicy middle = policy("example.com. pattern _acme-challenge.*.k8s TXT");
    assertTrue(allows(middle, "example.com.", "_acme-challenge.k8s.example.com.", Type.TXT));
    assertTrue(allows(middle, "example.com.", "_acme-challenge.app.k8s.example.com.", Type.TXT));
    assertTrue(allows(middle, "example.com.", "_acme-challenge.a.b.k8s.example.com.", Type.TXT));
    assertFalse(allows(middle, "example.com.", "_acme-challenge.app.example.com.", Type.TXT));
    assertFalse(allows(middle, "example.com.", "x._acme-challenge.k8s.example.com.", Type.TXT));

    UpdatePolicy two = policy("example.com. pattern a.*.b.* TXT");
    assertTrue(allows(two, "example.com.", "a.b.example.com.", Type.TXT));
    assertTrue(allows(two, "example.com.", "a.x.b.y.z.example.com.", Type.TXT));
    assertFalse(allows(two, "example.com.", "a.x.example.com.", Type.TXT));

    UpdatePolicy all = policy("example.com. pattern * TXT");
    assertTrue(allows(all, "example.com.", "example.com.", Type.TXT));
    assertTrue(allows(all, "example.com.", "a.b.c.example.com.", Type.TXT));
  }

  @Test
  void namesCompareCaseInsensitively() {
    UpdatePolicy p =
        policy(
            "Example.COM. pattern _ACME-Challenge.* TXT",
            "example.com exact Host.Example.Com a",
            "EXAMPLE.com. subtree DYN.example.com. A");
    assertTrue(allows(p, "EXAMPLE.com.", "_acme-CHALLENGE.WWW.example.COM.", Type.TXT));
    assertTrue(allows(p, "example.com.", "HOST.example.com.", Type.A));
    assertTrue(allows(p, "example.com.", "x.Dyn.Example.Com.", Type.A));
  }

  @Test
  void theZoneMustBeTheRulesAndTheOwnerInsideIt() {
    UpdatePolicy p = policy("example.com. pattern * TXT", "example.com. subtree example.com. A");
    assertFalse(allows(p, "example.net.", "www.example.net.", Type.TXT));
    // a subzone's updates are its own zone's, even when the name is below this one
    assertFalse(allows(p, "sub.example.com.", "www.sub.example.com.", Type.A));
    // an owner outside the zone asked about
    assertFalse(p.allows(ZONE, Name.fromConstantString("www.example.net."), Type.TXT));
    assertFalse(p.allows(OTHER, Name.fromConstantString("www.example.com."), Type.TXT));
    assertFalse(p.allows(null, Name.fromConstantString("www.example.com."), Type.TXT));
    assertFalse(p.allows(ZONE, null, Type.TXT));
  }

  @Test
  void withoutTypesEveryTypeButTheZonesOwnAndDnssecs() {
    UpdatePolicy p = policy("example.com. subtree example.com.");
    for (int t : new int[] {Type.A, Type.AAAA, Type.TXT, Type.CNAME, Type.MX, Type.SRV, 65280}) {
      assertTrue(allows(p, "example.com.", "www.example.com.", t), Type.string(t));
    }
    for (int t : new int[] {Type.SOA, Type.NS, Type.RRSIG, Type.NSEC, Type.NSEC3}) {
      assertFalse(allows(p, "example.com.", "example.com.", t), Type.string(t));
      assertFalse(allows(p, "example.com.", "sub.example.com.", t), Type.string(t));
    }
    // listed, they are allowed
    UpdatePolicy listed = policy("example.com. exact example.com. SOA NS");
    assertTrue(allows(listed, "example.com.", "example.com.", Type.SOA));
    assertTrue(allows(listed, "example.com.", "example.com.", Type.NS));
    assertFalse(allows(listed, "example.com.", "example.com.", Type.A));
  }

  @Test
  void aMetaTypeIsNeverAllowed() {
    UpdatePolicy p = policy("example.com. subtree example.com.", "example.com. pattern * TXT");
    for (int t : new int[] {Type.ANY, Type.AXFR, Type.IXFR, Type.OPT, Type.TSIG, 0, -1, 70000}) {
      assertFalse(allows(p, "example.com.", "www.example.com.", t), "type " + t);
    }
  }

  @Test
  void anyRuleSufficesAndTheRulesKeepTheirOrder() {
    UpdatePolicy p =
        policy(
            "example.net. pattern _acme-challenge.* TXT",
            "example.com. pattern _acme-challenge.* TXT");
    assertTrue(allows(p, "example.net.", "_acme-challenge.example.net.", Type.TXT));
    assertTrue(allows(p, "example.com.", "_acme-challenge.example.com.", Type.TXT));
    assertEquals("example.net.", p.rules().get(0).zone());
    assertEquals(
        "example.net. pattern _acme-challenge.* TXT; example.com. pattern _acme-challenge.* TXT",
        p.toString());
    assertEquals(p, UpdatePolicy.of(List.copyOf(p.rules())));
  }

  @Test
  void theRulesOfAPolicyCannotBeChanged() {
    UpdatePolicy p = policy("example.com. pattern * TXT");
    org.junit.jupiter.api.Assertions.assertThrows(
        UnsupportedOperationException.class, () -> p.rules().clear());
    org.junit.jupiter.api.Assertions.assertThrows(
        UnsupportedOperationException.class, () -> p.rules().get(0).types().add("A"));
    assertEquals(Set.of("TXT"), p.rules().get(0).types());
  }

  @Test
  void aPatternWithManyStarsStaysCheap() {
    UpdatePolicy p = policy("example.com. pattern a.*.a.*.a.*.a.*.a.*.b TXT");
    StringBuilder owner = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      owner.append("a.");
    }
    long start = System.nanoTime();
    assertFalse(allows(p, "example.com.", owner + "example.com.", Type.TXT));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "no backtracking blow-up");
  }
}

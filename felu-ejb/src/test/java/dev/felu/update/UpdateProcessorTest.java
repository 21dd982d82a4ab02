package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.update.UpdateProcessor.Outcome;
import dev.felu.update.UpdateProcessor.Permission;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** RFC 2136 §3 over dnsjava-built UPDATE messages, each sent through the wire form and back. */
class UpdateProcessorTest {
  static final Name ZONE = Name.fromConstantString("example.test.");
  static final Permission ALL = (zone, owner, type) -> true;

  static Record rr(String text) {
    try {
      String[] f = text.split("\\s+", 4);
      return Record.fromString(
          Name.fromString(f[0], ZONE),
          Type.value(f[2]),
          DClass.IN,
          Long.parseLong(f[1]),
          f[3],
          ZONE);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static List<Record> zone() {
    return new ArrayList<>(
        List.of(
            rr("@ 3600 SOA ns1 hostmaster 10 3600 600 1209600 300"),
            rr("@ 3600 NS ns1"),
            rr("@ 3600 NS ns2"),
            rr("www 300 A 192.0.2.1"),
            rr("www 300 A 192.0.2.2"),
            rr("www 300 TXT \"hello\""),
            rr("alias 300 CNAME www")));
  }

  static Update update() {
    return new Update(ZONE);
  }

  static Message wire(Message m) {
    try {
      return new Message(m.toWire());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Outcome run(Update u) {
    return run(u, ALL);
  }

  static Outcome run(Update u, Permission p) {
    Message m = wire(u);
    UpdateProcessor.ZoneSection z = UpdateProcessor.zoneOf(m);
    assertTrue(z.ok(), z.reason());
    return UpdateProcessor.process(m, z.zone(), zone(), p);
  }

  static String texts(List<Record> records) {
    TreeSet<String> s = new TreeSet<>();
    records.forEach(
        r ->
            s.add(
                r.getName()
                    + " "
                    + r.getTTL()
                    + " "
                    + Type.string(r.getType())
                    + " "
                    + r.rdataToString()));
    return String.join("\n", s);
  }

  static void assertRcode(int rcode, Outcome o) {
    assertEquals(Rcode.string(rcode), Rcode.string(o.rcode()), o.reason());
    if (rcode != Rcode.NOERROR) {
      assertTrue(o.removed().isEmpty() && o.added().isEmpty());
    }
  }

  // §3.1 zone section

  @Test
  void zoneSectionNamesTheZoneInLowerCase() {
    UpdateProcessor.ZoneSection z =
        UpdateProcessor.zoneOf(wire(new Update(Name.fromConstantString("Example.TEST."))));
    assertEquals(ZONE, z.zone());
    assertEquals("example.test.", z.zone().toString());
  }

  @Test
  void zoneSectionOfTwoRecordsOrNotSoaIsFormerr() {
    Message two = new Update(ZONE);
    two.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.ZONE);
    assertEquals(Rcode.FORMERR, UpdateProcessor.zoneOf(wire(two)).rcode());
    Message none = new Message();
    none.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
    assertEquals(Rcode.FORMERR, UpdateProcessor.zoneOf(wire(none)).rcode());
    Message a = new Message();
    a.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
    a.addRecord(Record.newRecord(ZONE, Type.A, DClass.IN), Section.ZONE);
    assertEquals(Rcode.FORMERR, UpdateProcessor.zoneOf(wire(a)).rcode());
  }

  @Test
  void zoneOfAnotherClassIsNotServed() {
    assertEquals(Rcode.NOTAUTH, UpdateProcessor.zoneOf(wire(zoneOfClass(DClass.CH))).rcode());
    assertEquals(Rcode.FORMERR, UpdateProcessor.zoneOf(wire(zoneOfClass(DClass.ANY))).rcode());
  }

  static Message zoneOfClass(int dclass) {
    Message m = new Message();
    m.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
    m.addRecord(Record.newRecord(ZONE, Type.SOA, dclass), Section.ZONE);
    return m;
  }

  // §2.5.1 add to an RRset

  @Test
  void addsARecord() throws IOException {
    Update u = update();
    u.add(Name.fromConstantString("new.example.test."), Type.A, 60, "192.0.2.9");
    Outcome o = run(u);
    assertRcode(Rcode.NOERROR, o);
    assertEquals("new.example.test. 60 A 192.0.2.9", texts(o.added()));
    assertTrue(o.removed().isEmpty());
  }

  @Test
  void aDuplicateIsNoChangeButANewTtlReplacesIt() {
    Update same = update();
    same.add(rr("www 300 A 192.0.2.1"));
    Outcome o = run(same);
    assertRcode(Rcode.NOERROR, o);
    assertTrue(!o.changes());
    Update ttl = update();
    ttl.add(rr("WWW 600 A 192.0.2.1"));
    o = run(ttl);
    assertEquals("www.example.test. 300 A 192.0.2.1", texts(o.removed()));
    assertEquals("WWW.example.test. 600 A 192.0.2.1", texts(o.added()));
  }

  @Test
  void aCnameBesideOtherDataAndOtherDataBesideACnameAreIgnored() {
    Update u = update();
    u.add(rr("www 300 CNAME elsewhere"));
    u.add(rr("alias 300 TXT \"x\""));
    u.add(rr("@ 300 CNAME elsewhere"));
    Outcome o = run(u);
    assertRcode(Rcode.NOERROR, o);
    assertTrue(!o.changes());
  }

  @Test
  void aCnameReplacesTheCnameThere() {
    Update u = update();
    u.add(rr("alias 300 CNAME other"));
    Outcome o = run(u);
    assertEquals("alias.example.test. 300 CNAME www.example.test.", texts(o.removed()));
    assertEquals("alias.example.test. 300 CNAME other.example.test.", texts(o.added()));
  }

  @Test
  void anSoaReplacesTheSoaOnlyWithAHigherSerial() {
    Update lower = update();
    lower.add(rr("@ 3600 SOA ns1 hostmaster 9 3600 600 1209600 300"));
    assertTrue(!run(lower).changes());
    Update equal = update();
    equal.add(rr("@ 3600 SOA ns9 hostmaster 10 3600 600 1209600 300"));
    assertTrue(!run(equal).changes());
    Update higher = update();
    higher.add(rr("@ 3600 SOA ns1 hostmaster 11 7200 600 1209600 300"));
    Outcome o = run(higher);
    assertEquals(Type.SOA, o.removed().get(0).getType());
    assertEquals(
        "example.test. 3600 SOA ns1.example.test. hostmaster.example.test. 11 7200 600 1209600 300",
        texts(o.added()));
    Update offApex = update();
    offApex.add(rr("www 3600 SOA ns1 hostmaster 11 7200 600 1209600 300"));
    assertTrue(!run(offApex).changes());
  }

  // §2.5.2 delete an RRset, §2.5.3 delete all RRsets from a name, §2.5.4 delete an RR

  @Test
  void deletesAnRrset() {
    Update u = update();
    u.delete(Name.fromConstantString("www.example.test."), Type.A);
    Outcome o = run(u);
    assertEquals(
        "www.example.test. 300 A 192.0.2.1\nwww.example.test. 300 A 192.0.2.2", texts(o.removed()));
    assertTrue(o.added().isEmpty());
  }

  @Test
  void theApexKeepsItsSoaAndNsRrsets() {
    Update u = update();
    u.delete(ZONE, Type.NS);
    u.delete(ZONE, Type.SOA);
    u.delete(rr("@ 0 SOA ns1 hostmaster 10 3600 600 1209600 300"));
    assertTrue(!run(u).changes());
  }

  @Test
  void deletesAllRrsetsOfANameButAtTheApexSoaAndNs() {
    Update u = update();
    u.delete(Name.fromConstantString("www.example.test."));
    Outcome o = run(u);
    assertEquals(3, o.removed().size());
    Update apex = update();
    apex.add(rr("@ 300 TXT \"v=spf1 -all\""));
    apex.delete(ZONE);
    assertTrue(!run(apex).changes());
  }

  @Test
  void deletesOneRrButNotTheLastNsAtTheApex() {
    Update u = update();
    u.delete(rr("www 300 A 192.0.2.2"));
    Outcome o = run(u);
    assertEquals("www.example.test. 300 A 192.0.2.2", texts(o.removed()));
    Update ns = update();
    ns.delete(rr("@ 0 NS ns1"));
    ns.delete(rr("@ 0 NS ns2"));
    o = run(ns);
    assertEquals("example.test. 3600 NS ns1.example.test.", texts(o.removed()));
  }

  @Test
  void operationsApplyInOrder() {
    Update u = update();
    u.delete(Name.fromConstantString("www.example.test."), Type.A);
    u.add(rr("www 300 A 192.0.2.1"));
    u.add(rr("_acme-challenge.www 60 TXT \"token\""));
    u.delete(rr("_acme-challenge.www 0 TXT \"token\""));
    Outcome o = run(u);
    assertEquals("www.example.test. 300 A 192.0.2.2", texts(o.removed()));
    assertTrue(o.added().isEmpty());
  }

  // §3.2 prerequisites

  @Test
  void rrsetExistsValueIndependent() {
    Update yes = update();
    yes.present(Name.fromConstantString("www.example.test."), Type.TXT);
    assertRcode(Rcode.NOERROR, run(yes));
    Update no = update();
    no.present(Name.fromConstantString("www.example.test."), Type.MX);
    assertRcode(Rcode.NXRRSET, run(no));
  }

  @Test
  void rrsetExistsValueDependentComparesTheWholeRrset() {
    Update whole = update();
    whole.present(rr("www 0 A 192.0.2.2"));
    whole.present(rr("WWW 0 A 192.0.2.1"));
    assertRcode(Rcode.NOERROR, run(whole));
    Update part = update();
    part.present(rr("www 0 A 192.0.2.1"));
    assertRcode(Rcode.NXRRSET, run(part));
    Update more = update();
    more.present(rr("www 0 A 192.0.2.1"));
    more.present(rr("www 0 A 192.0.2.2"));
    more.present(rr("www 0 A 192.0.2.3"));
    assertRcode(Rcode.NXRRSET, run(more));
  }

  @Test
  void rrsetDoesNotExist() {
    Update yes = update();
    yes.absent(Name.fromConstantString("www.example.test."), Type.MX);
    assertRcode(Rcode.NOERROR, run(yes));
    Update no = update();
    no.absent(Name.fromConstantString("www.example.test."), Type.A);
    assertRcode(Rcode.YXRRSET, run(no));
  }

  @Test
  void nameIsInUse() {
    Update yes = update();
    yes.present(Name.fromConstantString("alias.example.test."));
    assertRcode(Rcode.NOERROR, run(yes));
    Update no = update();
    no.present(Name.fromConstantString("nothing.example.test."));
    assertRcode(Rcode.NXDOMAIN, run(no));
  }

  @Test
  void nameIsNotInUse() {
    Update yes = update();
    yes.absent(Name.fromConstantString("nothing.example.test."));
    assertRcode(Rcode.NOERROR, run(yes));
    Update no = update();
    no.absent(Name.fromConstantString("www.example.test."));
    assertRcode(Rcode.YXDOMAIN, run(no));
  }

  @Test
  void aFailedPrerequisiteChangesNothing() {
    Update u = update();
    u.absent(Name.fromConstantString("www.example.test."));
    u.add(rr("new 60 A 192.0.2.9"));
    assertRcode(Rcode.YXDOMAIN, run(u));
  }

  @Test
  void aPrerequisiteWithTtlIsFormerrAndOutsideTheZoneNotzone() {
    Message m = update();
    m.addRecord(
        Record.newRecord(Name.fromConstantString("www.example.test."), Type.A, DClass.ANY, 5),
        Section.PREREQ);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(m), ZONE, zone(), ALL));
    Update out = update();
    out.present(Name.fromConstantString("www.example.org."));
    assertRcode(Rcode.NOTZONE, run(out));
  }

  // §3.3 permission

  @Test
  void anRrThePolicyDoesNotAllowIsRefused() {
    Permission txtOnly =
        (zone, owner, type) -> type == Type.TXT && owner.toString().startsWith("_acme-challenge.");
    Update ok = update();
    ok.add(rr("_acme-challenge 60 TXT \"t\""));
    assertRcode(Rcode.NOERROR, run(ok, txtOnly));
    Update other = update();
    other.add(rr("_acme-challenge 60 TXT \"t\""));
    other.add(rr("www 60 A 192.0.2.7"));
    assertRcode(Rcode.REFUSED, run(other, txtOnly));
    Update none = update();
    none.add(rr("_acme-challenge 60 TXT \"t\""));
    assertRcode(Rcode.REFUSED, run(none, Permission.NONE));
  }

  @Test
  void aDeletionOfEveryTypeAsksForEachTypeTheNameHolds() {
    List<Integer> asked = new ArrayList<>();
    Update u = update();
    u.delete(Name.fromConstantString("www.example.test."));
    run(u, (zone, owner, type) -> asked.add(type));
    assertEquals(List.of(Type.A, Type.A, Type.TXT), asked);
  }

  // §3.4.1 prescan

  @Test
  void prescanRefusesBadClassTypeAndTtlCombinations() {
    Name www = Name.fromConstantString("www.example.test.");
    Message addAny = update();
    addAny.addRecord(Record.newRecord(www, Type.ANY, DClass.IN, 60), Section.UPDATE);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(addAny), ZONE, zone(), ALL));
    Message anyTtl = update();
    anyTtl.addRecord(Record.newRecord(www, Type.A, DClass.ANY, 60), Section.UPDATE);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(anyTtl), ZONE, zone(), ALL));
    Message anyData = update();
    anyData.addRecord(
        Record.newRecord(www, Type.A, DClass.ANY, 0, new byte[] {(byte) 192, 0, 2, 1}),
        Section.UPDATE);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(anyData), ZONE, zone(), ALL));
    Message noneAny = update();
    noneAny.addRecord(Record.newRecord(www, Type.ANY, DClass.NONE, 0), Section.UPDATE);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(noneAny), ZONE, zone(), ALL));
    Message chaos = update();
    chaos.addRecord(Record.newRecord(www, Type.A, DClass.CH, 0), Section.UPDATE);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(chaos), ZONE, zone(), ALL));
    Message axfr = update();
    axfr.addRecord(Record.newRecord(www, Type.AXFR, DClass.ANY, 0), Section.UPDATE);
    assertRcode(Rcode.FORMERR, UpdateProcessor.process(wire(axfr), ZONE, zone(), ALL));
  }

  @Test
  void anUpdateOutsideTheZoneIsNotzoneEvenForAKeyThatMayNotWrite() throws IOException {
    Update u = update();
    u.add(Name.fromConstantString("www.example.org."), Type.A, 60, "192.0.2.9");
    assertRcode(Rcode.NOTZONE, run(u, Permission.NONE));
  }

  @Test
  void anEmptyUpdateIsNoerrorWithoutChanges() {
    Outcome o = run(update());
    assertRcode(Rcode.NOERROR, o);
    assertTrue(!o.changes());
  }
}

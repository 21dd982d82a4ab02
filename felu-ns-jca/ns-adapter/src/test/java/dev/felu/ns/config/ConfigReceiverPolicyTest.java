package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.xfr.TransferAcl;
import dev.felu.ns.xfr.TransferPolicy;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The zone-transfer policy arrives with a transfer and is swapped in with its table. */
class ConfigReceiverPolicyTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final Name KEY = Name.fromConstantString("xfr.example.");
  private static final Message.PolicyKey SECRET =
      new Message.PolicyKey(
          KEY, Name.fromConstantString("hmac-sha256."), "0123456789abcdef0123".getBytes());

  private final ConfigReceiver receiver =
      new ConfigReceiver(t -> null, () -> true, new MemoryGuard(Long.MAX_VALUE, 0));

  private static ZoneContent zone(int serial) {
    return Zones.content(
        "example.test.",
        "@ 3600 IN SOA ns1 hostmaster " + serial + " 3600 600 604800 300\n@ IN NS ns1\n");
  }

  private Reply send(
      Message.Begin begin,
      List<ZoneContent> zones,
      List<Message.PolicyKey> keys,
      List<Message.ZonePolicy> rules) {
    List<Message> out = new ArrayList<>();
    TransferWriter w = new TransferWriter(begin, out::add);
    zones.forEach(w::zone);
    if (keys != null) {
      w.policy(keys, rules);
    }
    w.commit();
    Reply last = null;
    for (Message m : out) {
      last = receiver.apply(m, 100);
      if (!last.ok()) {
        return last;
      }
    }
    return last;
  }

  @Test
  void policyIsSwappedInWithTheTableAndKeptByATransferWithoutOne() {
    ConfigHash hash = ConfigHash.EMPTY.plus(zone(1).digest());
    Reply r =
        send(
            Message.Begin.snapshot(1, hash),
            List.of(zone(1)),
            List.of(SECRET),
            List.of(new Message.ZonePolicy(ZONE, List.of("127.0.0.1/32"), List.of(KEY))));
    assertTrue(r.ok(), r.error());
    TransferPolicy p = receiver.served().policy();
    assertTrue(p.keys().contains(KEY));
    assertEquals(2, p.acl(ZONE).rules().size());
    assertSame(TransferAcl.DENY_ALL, p.acl(Name.fromConstantString("other.test.")));
    assertFalse(p.toString().contains("0123456789abcdef"));

    assertTrue(send(Message.Begin.delta(1, 2, hash), List.of(), null, null).ok());
    assertSame(p, receiver.served().policy());

    assertTrue(send(Message.Begin.delta(2, 3, hash), List.of(), List.of(), List.of()).ok());
    assertSame(TransferAcl.DENY_ALL, receiver.served().policy().acl(ZONE));
    assertEquals(0, receiver.served().policy().keyCount());
  }

  @Test
  void aPolicyNamingAnUnknownKeyDiscardsTheTransfer() {
    ConfigHash hash = ConfigHash.EMPTY.plus(zone(1).digest());
    Reply r =
        send(
            Message.Begin.snapshot(1, hash),
            List.of(zone(1)),
            List.of(),
            List.of(new Message.ZonePolicy(ZONE, List.of(), List.of(KEY))));
    assertFalse(r.ok());
    assertTrue(r.error().contains("unknown TSIG key"), r.error());
    assertEquals(Reply.NO_REVISION, receiver.current().revision());
  }
}

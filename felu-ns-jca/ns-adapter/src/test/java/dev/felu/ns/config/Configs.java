package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands an engine one whole transfer, as the management server's link would, and checks it took.
 */
final class Configs {
  private Configs() {}

  static void apply(
      NameserverEngine engine,
      Message.Begin begin,
      List<ZoneContent> zones,
      List<Message.PolicyKey> keys,
      List<Message.ZonePolicy> rules)
      throws Exception {
    List<Message> out = new ArrayList<>();
    TransferWriter w = new TransferWriter(begin, out::add);
    zones.forEach(w::zone);
    w.policy(keys, rules);
    w.commit();
    for (Message m : out) {
      Reply r = ProtocolCodec.decodeReply(engine.handleConfigFrame(ProtocolCodec.encode(m)));
      assertTrue(r.ok(), r.error());
    }
  }
}

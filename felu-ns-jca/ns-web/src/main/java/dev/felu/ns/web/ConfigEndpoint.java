package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import dev.felu.protocol.ProtocolCodec;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Logger;

/**
 * Where the management server sends configuration. Every binary frame is one protocol message and
 * gets one reply frame; the nameserver never sends anything unasked. Only authenticated handshakes
 * get here ({@link LinkAuthenticationFilter}).
 */
@ServerEndpoint(ConfigEndpoint.PATH)
public class ConfigEndpoint {
  static final String PATH = "/config";

  /**
   * Transfers arrive in chunks of about 1 MiB (protocol version 2), so a frame larger than the
   * codec's limit is refused by the container before it is buffered.
   */
  private static final long MAX_FRAME = ProtocolCodec.MAX_FRAME;

  private static final Logger LOG = Logger.getLogger(ConfigEndpoint.class.getName());

  @Inject NameserverControl nameserver;

  @OnOpen
  public void open(Session session) {
    session.setMaxBinaryMessageBufferSize((int) MAX_FRAME);
    LOG.info("management server connected (" + nameserver.describeConfig() + ")");
  }

  @OnMessage(maxMessageSize = MAX_FRAME)
  public byte[] message(byte[] frame) {
    return nameserver.handleConfigFrame(frame);
  }

  @OnClose
  public void close(Session session) {
    nameserver.configLinkClosed();
  }

  @OnError
  public void error(Session session, Throwable t) {
    LOG.warning("config link error: " + t);
  }
}

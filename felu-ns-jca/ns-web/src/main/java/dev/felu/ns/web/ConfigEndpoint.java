package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import jakarta.inject.Inject;
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

  /** Frames are whole snapshots for now; a later protocol version streams them in chunks. */
  private static final long MAX_FRAME = 256L * 1024 * 1024;

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

  @OnError
  public void error(Session session, Throwable t) {
    LOG.warning("config link error: " + t);
  }
}

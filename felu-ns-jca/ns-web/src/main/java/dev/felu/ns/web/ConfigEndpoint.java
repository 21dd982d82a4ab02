package dev.felu.ns.web;

import dev.felu.ns.api.ConfigLinkRefused;
import dev.felu.ns.api.NameserverControl;
import dev.felu.protocol.ProtocolCodec;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Where the management server sends configuration. Every binary frame is one protocol message and
 * gets one reply frame; the nameserver never sends anything unasked. Only authenticated handshakes
 * get here ({@link LinkAuthenticationFilter}).
 *
 * <p>One link at a time (ARCHITECTURE.md#flow-cluster): an opened link is admitted by its
 * leadership epoch ({@code dev.felu.ns.config.ConfigLinks}). A link of an equal or higher epoch
 * closes the open one ({@value #SUPERSEDED}); one of a lower epoch — a race the handshake's 409 did
 * not catch — is closed at once with the policy code and the reason. A superseded link's frames get
 * no reply and change nothing.
 */
@ServerEndpoint(ConfigEndpoint.PATH)
public class ConfigEndpoint {
  static final String PATH = "/config";

  static final String SUPERSEDED = "superseded by a config link of a newer leadership epoch";

  private static final String LINK = "felu.link";

  /**
   * Transfers arrive in chunks of about 1 MiB (protocol version 2), so a frame larger than the
   * codec's limit is refused by the container before it is buffered.
   */
  private static final long MAX_FRAME = ProtocolCodec.MAX_FRAME;

  private static final Logger LOG = Logger.getLogger(ConfigEndpoint.class.getName());

  @Inject NameserverControl nameserver;

  @OnOpen
  public void open(Session session) throws IOException {
    session.setMaxBinaryMessageBufferSize((int) MAX_FRAME);
    if (!(session.getUserPrincipal() instanceof LinkPrincipal p)) {
      // only the authentication filter lets a handshake through, and it always sets one
      session.close(new CloseReason(CloseCodes.VIOLATED_POLICY, "not an authenticated link"));
      return;
    }
    long link;
    try {
      link = nameserver.openConfigLink(p.epoch(), () -> closeQuietly(session, SUPERSEDED));
    } catch (ConfigLinkRefused e) {
      // a close reason is at most 123 bytes
      String reason = e.getMessage();
      session.close(
          new CloseReason(
              CloseCodes.VIOLATED_POLICY,
              reason.length() > 120 ? reason.substring(0, 120) : reason));
      return;
    }
    session.getUserProperties().put(LINK, link);
    LOG.info(
        "management server connected with leadership epoch "
            + p.epoch()
            + " ("
            + nameserver.describeConfig()
            + ")");
  }

  @OnMessage(maxMessageSize = MAX_FRAME)
  public byte[] message(byte[] frame, Session session) {
    if (!(session.getUserProperties().get(LINK) instanceof Long link)) {
      return null; // refused at open: closing
    }
    return nameserver.handleConfigFrame(link, frame);
  }

  @OnClose
  public void close(Session session) {
    if (session.getUserProperties().get(LINK) instanceof Long link) {
      nameserver.configLinkClosed(link);
    }
  }

  private static void closeQuietly(Session session, String reason) {
    try {
      session.close(new CloseReason(CloseCodes.VIOLATED_POLICY, reason));
    } catch (IOException | RuntimeException e) {
      LOG.fine("closing a superseded config link: " + e);
    }
  }

  @OnError
  public void error(Session session, Throwable t) {
    LOG.warning("config link error: " + t);
  }
}

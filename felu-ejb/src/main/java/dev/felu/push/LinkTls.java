package dev.felu.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * TLS of the config links ({@code wss://}): which CAs the management server trusts for nameservers
 * ({@code felu.link.tls.truststore}) and which client certificate it presents for mTLS ({@code
 * felu.link.tls.keystore}), both PKCS12. Unset, {@code wss://} uses the JVM's default trust and no
 * client certificate.
 *
 * <p>Tyrus reads its SSL settings from the client container's own properties, not from an
 * endpoint's user properties; and its {@code SslEngineConfigurator} is not part of the Jakarta API,
 * so it is made by reflection from the container's class loader.
 */
@ApplicationScoped
public class LinkTls {
  private static final Logger LOG = Logger.getLogger(LinkTls.class.getName());
  private static final String TYRUS_SSL = "org.glassfish.tyrus.client.sslEngineConfigurator";
  private static final String TYRUS_SSL_CLASS = "org.glassfish.tyrus.client.SslEngineConfigurator";

  @Inject
  @ConfigProperty(name = "felu.link.tls.truststore")
  Optional<String> truststore;

  @Inject
  @ConfigProperty(name = "felu.link.tls.truststore-password")
  Optional<String> truststorePassword;

  @Inject
  @ConfigProperty(name = "felu.link.tls.keystore")
  Optional<String> keystore;

  @Inject
  @ConfigProperty(name = "felu.link.tls.keystore-password")
  Optional<String> keystorePassword;

  /** A WebSocket client container for the links, with the TLS settings above. */
  public WebSocketContainer container() {
    WebSocketContainer container = ContainerProvider.getWebSocketContainer();
    if (truststore.isEmpty() && keystore.isEmpty()) {
      return container;
    }
    try {
      SSLContext ssl = sslContext();
      Object configurator =
          Class.forName(TYRUS_SSL_CLASS, true, container.getClass().getClassLoader())
              .getConstructor(SSLContext.class, boolean.class, boolean.class, boolean.class)
              .newInstance(ssl, true, false, false);
      @SuppressWarnings("unchecked")
      Map<String, Object> props =
          (Map<String, Object>) container.getClass().getMethod("getProperties").invoke(container);
      props.put(TYRUS_SSL, configurator);
      LOG.info(
          "config links use TLS trust from "
              + truststore.orElse("the JVM defaults")
              + keystore.map(k -> " and present the client certificate in " + k).orElse(""));
      return container;
    } catch (ReflectiveOperationException | GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS for the config links: " + e, e);
    }
  }

  private SSLContext sslContext() throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf = null;
    if (truststore.isPresent()) {
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(load(truststore.get(), truststorePassword.orElse("")));
    }
    KeyManagerFactory kmf = null;
    if (keystore.isPresent()) {
      char[] pw = keystorePassword.orElse("").toCharArray();
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(keystore.get(), keystorePassword.orElse("")), pw);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        kmf == null ? null : kmf.getKeyManagers(),
        tmf == null ? null : tmf.getTrustManagers(),
        null);
    return ctx;
  }

  private static KeyStore load(String path, String password)
      throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      ks.load(in, password.toCharArray());
    }
    return ks;
  }
}

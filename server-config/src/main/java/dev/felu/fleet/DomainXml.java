package dev.felu.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Payara domain's {@code config/domain.xml} as the launcher edits it before the domain starts,
 * through the JDK's DOM parser (no DOCTYPE, no external entities) and XPath. Every edit can run
 * again on its own result without doubling anything: the launcher makes them before every start.
 */
final class DomainXml {
  /** The JVM options {@link #applyHeapSettings} owns: any value of them is replaced. */
  private static final Pattern HEAP_OPTION =
      Pattern.compile(
          "-Xmx.*|-XX:[+-]ExitOnOutOfMemoryError|-XX:[+-]HeapDumpOnOutOfMemoryError"
              + "|-XX:HeapDumpPath=.*");

  /** JVM options that keep Hazelcast's, H2's and RMI's sockets on loopback. */
  private static final List<String> LOOPBACK_OPTIONS =
      List.of(
          "-Dhazelcast.socket.bind.any=false",
          "-Dhazelcast.local.localAddress=127.0.0.1",
          "-Dh2.bindAddress=127.0.0.1",
          "-Djava.rmi.server.hostname=127.0.0.1");

  private static final String LOOPBACK = "127.0.0.1";

  /**
   * Hazelcast's failure detector for a cluster: heartbeats every second, a member silent for 5 s is
   * removed (Hazelcast's defaults, 5 s and 60 s, would leave a killed leader's lock held for a
   * minute). Hazelcast reads them as JVM system properties.
   */
  static final List<String> FAILURE_DETECTION_OPTIONS =
      List.of("-Dhazelcast.heartbeat.interval.seconds=1", "-Dhazelcast.max.no.heartbeat.seconds=5");

  private final Path file;
  private final Document document;

  private DomainXml(Path file, Document document) {
    this.file = file;
    this.document = document;
  }

  static DomainXml read(Path file) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // a domain.xml has no DOCTYPE: refusing one shuts out external entities and entity bombs
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      Document document = builder.parse(file.toFile());
      document.setXmlStandalone(true);
      return new DomainXml(file, document);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void write() throws IOException {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      try (OutputStream out = Files.newOutputStream(file)) {
        transformer.transform(new DOMSource(document), new StreamResult(out));
      }
    } catch (TransformerException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A fresh domain listens on every interface. Before its first start, bind every listener, IIOP,
   * JMX, JMS and Hazelcast to loopback, and keep H2's and Hazelcast's sockets local too.
   */
  DomainXml lockToLoopback() {
    for (Element e : select("//*[@address='0.0.0.0'] | //network-listener[not(@address)]")) {
      e.setAttribute("address", LOOPBACK);
    }
    for (Element e : select("//*[@host='localhost']")) {
      e.setAttribute("host", LOOPBACK);
    }
    for (Element config : select("//config[@name='server-config'][not(.//jms-service)]")) {
      // without its own jms-service the DAS makes one bound to every interface
      Element jms = document.createElement("jms-service");
      jms.setAttribute("default-jms-host", "default_JMS_host");
      jms.setAttribute("type", "EMBEDDED");
      Element host = document.createElement("jms-host");
      host.setAttribute("port", "${JMS_PROVIDER_PORT}");
      host.setAttribute("name", "default_JMS_host");
      host.setAttribute("host", LOOPBACK);
      host.setAttribute("lazy-init", "true");
      jms.appendChild(host);
      config.insertBefore(jms, config.getFirstChild());
    }
    for (Element hazelcast : select("//hazelcast-runtime-configuration")) {
      hazelcast.setAttribute("interface", LOOPBACK);
      hazelcast.setAttribute("das-bind-address", LOOPBACK);
      hazelcast.setAttribute("das-public-address", LOOPBACK);
    }
    for (Element javaConfig : select("//java-config")) {
      removeJvmOptions(javaConfig, LOOPBACK_OPTIONS::contains);
      prependJvmOptions(javaConfig, LOOPBACK_OPTIONS);
    }
    return this;
  }

  /**
   * A cluster's members (the DAS and every instance) notice a lost member within seconds: {@link
   * #FAILURE_DETECTION_OPTIONS} in every configuration.
   */
  DomainXml detectFailedMembersQuickly() {
    for (Element javaConfig : select("//java-config")) {
      removeJvmOptions(
          javaConfig,
          o ->
              o.startsWith("-Dhazelcast.heartbeat.interval.seconds=")
                  || o.startsWith("-Dhazelcast.max.no.heartbeat.seconds="));
      prependJvmOptions(javaConfig, FAILURE_DETECTION_OPTIONS);
    }
    return this;
  }

  /**
   * The cluster's members find each other at these addresses ({@code host:port}: the DAS's data
   * grid port and each instance's), Hazelcast's TCP/IP join. Payara's default, discovery through
   * the domain, looks for a DAS on loopback at the machine's outward address, where a domain locked
   * to loopback listens for no one: every member would stay a grid of one.
   */
  DomainXml joinGridAt(List<String> members) {
    for (Element hazelcast : select("//hazelcast-runtime-configuration")) {
      hazelcast.setAttribute("discovery-mode", "tcpip");
      hazelcast.setAttribute("tcpip-members", String.join(",", members));
    }
    return this;
  }

  /**
   * A run that ended without undeploying (killed launcher) leaves the EAR registered. Payara would
   * load it at start-up while we redeploy, and the two deployments break each other; so the old one
   * is disabled before the start and replaced by the deploy.
   */
  DomainXml disableApplication(String name) {
    for (Element ref : select("//application-ref[@ref='" + name + "']")) {
      ref.setAttribute("enabled", "false");
    }
    return this;
  }

  /**
   * Payara names itself and its version in a {@code Server} and an {@code X-Powered-By} header on
   * every HTTP response (the HTTP and admin listeners alike); a probe learns which advisories
   * apply. Both headers are switched off on every {@code <http>} element of the domain's protocols
   * ({@code …protocols.protocol.<name>.http.server-header} / {@code .xpowered-by}).
   */
  DomainXml hideServerIdentity() {
    for (Element http : select("//http")) {
      http.setAttribute("server-header", "false");
      http.setAttribute("xpowered-by", "false");
    }
    return this;
  }

  /**
   * The server's JVM options for its heap: Payara's domain template sets {@code -Xmx512m} and lets
   * an {@code OutOfMemoryError} pass as an error of whichever thread met it, so the server limps
   * on. In the {@code <java-config>} of {@code server-config} (the DAS) {@code -Xmx}, {@code
   * ExitOnOutOfMemoryError} and the heap dump options are replaced by {@link
   * HeapSettings#managementOptions()}, so a changed setting applies to an existing domain too.
   */
  DomainXml applyHeapSettings(HeapSettings heap) throws IOException {
    return applyHeapSettings(heap, "//config[@name='server-config']/java-config");
  }

  /**
   * The same heap settings for a cluster's instances: every other configuration of the domain
   * ({@code default-config}, which new instances copy, and each instance's own).
   */
  DomainXml applyHeapSettingsToInstances(HeapSettings heap) throws IOException {
    return applyHeapSettings(heap, "//config[@name!='server-config']/java-config");
  }

  private DomainXml applyHeapSettings(HeapSettings heap, String javaConfigsPath)
      throws IOException {
    List<Element> javaConfigs = select(javaConfigsPath);
    if (javaConfigs.isEmpty()) {
      throw new IOException("no <java-config> at " + javaConfigsPath + " in " + file);
    }
    for (Element javaConfig : javaConfigs) {
      removeJvmOptions(javaConfig, o -> HEAP_OPTION.matcher(o).matches());
      prependJvmOptions(javaConfig, heap.managementOptions());
    }
    return this;
  }

  /** The values of the {@code jvm-options} of {@code config}'s {@code java-config}. */
  List<String> jvmOptions(String config) {
    List<String> options = new ArrayList<>();
    for (Element o : select("//config[@name='" + config + "']/java-config/jvm-options")) {
      options.add(o.getTextContent());
    }
    return options;
  }

  /** The elements an XPath expression selects; an expression of ours that fails is a bug. */
  List<Element> select(String xpath) {
    try {
      NodeList nodes =
          (NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(xpath, document, XPathConstants.NODESET);
      List<Element> elements = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        if (nodes.item(i) instanceof Element e) {
          elements.add(e);
        }
      }
      return elements;
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException(xpath, e);
    }
  }

  private static void removeJvmOptions(
      Element javaConfig, java.util.function.Predicate<String> owned) {
    List<Node> gone = new ArrayList<>();
    for (Node n = javaConfig.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && e.getTagName().equals("jvm-options")
          && owned.test(e.getTextContent())) {
        gone.add(e);
        // the line the option stood on goes with it
        if (e.getPreviousSibling() != null
            && e.getPreviousSibling().getNodeType() == Node.TEXT_NODE
            && e.getPreviousSibling().getTextContent().isBlank()) {
          gone.add(e.getPreviousSibling());
        }
      }
    }
    for (Node n : gone) {
      javaConfig.removeChild(n);
    }
  }

  private void prependJvmOptions(Element javaConfig, List<String> options) {
    Node first = javaConfig.getFirstChild();
    for (String option : options) {
      Element e = document.createElement("jvm-options");
      e.setTextContent(option);
      javaConfig.insertBefore(e, first);
    }
  }
}

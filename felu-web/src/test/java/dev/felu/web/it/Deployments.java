package dev.felu.web.it;

import java.io.File;
import java.net.URISyntaxException;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the in-container tests deploy: the EAR's classes, in one web module. */
final class Deployments {
  private static final String EXTENSIONS =
      "META-INF/services/jakarta.enterprise.inject.spi.Extension";

  private Deployments() {}

  /** Services, REST API and security, without the pages and web.xml. */
  static WebArchive services() throws URISyntaxException {
    ClassLoader cl = Deployments.class.getClassLoader();
    return ShrinkWrap.create(WebArchive.class, "felu.war")
        .addPackages(
            true,
            "dev.felu.model",
            "dev.felu.metrics",
            "dev.felu.protocol",
            "dev.felu.link",
            "dev.felu.zone",
            "dev.felu.config",
            "dev.felu.nameserver",
            "dev.felu.push",
            "dev.felu.cluster",
            "dev.felu.problem",
            "dev.felu.input",
            "dev.felu.account",
            "dev.felu.audit",
            "dev.felu.tsig",
            "dev.felu.transfer",
            "dev.felu.update",
            "dev.felu.migration",
            "dev.felu.schema",
            "dev.felu.startup",
            "dev.felu.web.api",
            "dev.felu.web.security",
            "dev.felu.web.health")
        .addAsResource(cl.getResource("META-INF/persistence.xml"), "META-INF/persistence.xml")
        // the EJB module's MicroProfile Config, which the EAR reads (mp.openapi.filter)
        .addAsResource(
            new File("../felu-ejb/src/main/resources/META-INF/microprofile-config.properties"),
            "META-INF/microprofile-config.properties")
        // the EJB module's migrations, as the EAR carries them (Flyway finds them on the classpath)
        .addAsResource(new File("../felu-ejb/src/main/resources/db/migration"), "db/migration")
        .addAsWebInfResource(cl.getResource("META-INF/ejb-jar.xml"), "ejb-jar.xml")
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
        // the CDI extension that switches single sign-on on only when felu.oidc.* says so
        .addAsResource(new File("src/main/resources/" + EXTENSIONS), EXTENSIONS)
        // groups to roles: Payara's Jersey checks @RolesAllowed against container roles too
        .addAsWebInfResource(
            new File("src/main/webapp/WEB-INF/glassfish-web.xml"), "glassfish-web.xml")
        .addAsLibraries(
            jarOf(org.xbill.DNS.Name.class),
            jarOf(org.slf4j.LoggerFactory.class),
            jarOf(org.flywaydb.core.Flyway.class),
            jarOf(org.flywaydb.database.postgresql.PostgreSQLDatabaseType.class),
            jarOf(org.flywaydb.database.cockroachdb.CockroachDBDatabaseType.class));
  }

  /**
   * Everything the management web module holds: also every page under {@code src/main/webapp} (with
   * {@code WEB-INF}'s templates), web.xml and PrimeFaces.
   */
  static WebArchive full() throws URISyntaxException {
    File webapp = new File("src/main/webapp");
    WebArchive war =
        services()
            .addPackages(true, "dev.felu.web.ui")
            .setWebXML(new File(webapp, "WEB-INF/web.xml"))
            .addAsLibraries(jarOf(org.primefaces.PrimeFaces.class));
    try (var files = java.nio.file.Files.walk(webapp.toPath())) {
      for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        String path = webapp.toPath().relativize(f).toString().replace(File.separatorChar, '/');
        if (path.startsWith("WEB-INF/")) {
          if (path.endsWith(".xhtml")) {
            war.addAsWebInfResource(f.toFile(), path.substring("WEB-INF/".length()));
          }
        } else {
          war.addAsWebResource(f.toFile(), path);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return war;
  }

  static File jarOf(Class<?> type) throws URISyntaxException {
    return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}

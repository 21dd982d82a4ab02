package dev.felu.config;

import dev.felu.model.config.ConfigHead;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Creates the head row (revision 0, empty config) on the first start against a new database. */
@Singleton
@Startup
@DependsOn("SchemaMigration") // the schema exists before anything reads it
public class ConfigBootstrap {
  @PersistenceContext EntityManager em;

  @PostConstruct
  void ensureHead() {
    if (em.find(ConfigHead.class, ConfigHead.ID) == null) {
      em.persist(new ConfigHead());
    }
  }
}

package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.resource.AdministeredObjectDefinition;

/**
 * Makes the resource adapter's {@link NameserverControl} injectable. The administered object is
 * bound to the RAR deployed under the name {@code felu-ns} (deploy the RAR first).
 */
@AdministeredObjectDefinition(
    name = NameserverResource.JNDI,
    resourceAdapter = "felu-ns",
    className = "dev.felu.ns.adapter.NameserverControlObject",
    interfaceName = "dev.felu.ns.api.NameserverControl")
@ApplicationScoped
public class NameserverResource {
  static final String JNDI = "java:app/felu/nameserver";

  @Resource(lookup = JNDI)
  private NameserverControl control;

  @Produces
  NameserverControl control() {
    return control;
  }
}

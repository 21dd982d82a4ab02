package dev.felu.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The REST API under {@code /api/v1}. Its OpenAPI document is served by the server at {@code
 * /openapi}: built from these annotations and the resources', completed by {@link
 * ApiDocumentFilter} (roles, problem responses).
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "felu management API",
            version = "1",
            description =
                "Zones and records, the nameserver fleet, configuration revisions, accounts, API"
                    + " tokens and the audit log of a felu management server. JSON in and out;"
                    + " every error is an RFC 9457 problem document (application/problem+json)"
                    + " whose `field` names the request field that is wrong. Every operation needs"
                    + " credentials, a bearer token (`felu_…`) or HTTP Basic, and the role its"
                    + " `x-felu-roles` names: admin includes operator, operator includes viewer."
                    + " A caller limited to zones reaches only those zones."),
    security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "basic")})
@SecuritySchemes({
  @SecurityScheme(
      securitySchemeName = "bearer",
      type = SecuritySchemeType.HTTP,
      scheme = "bearer",
      bearerFormat = "felu_…",
      description = "an API token (POST /tokens)"),
  @SecurityScheme(
      securitySchemeName = "basic",
      type = SecuritySchemeType.HTTP,
      scheme = "basic",
      description = "a local account's username and password (throttled after failures)")
})
public class ApiApplication extends Application {}

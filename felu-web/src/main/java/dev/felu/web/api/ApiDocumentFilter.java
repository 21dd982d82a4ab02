package dev.felu.web.api;

import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.servers.Server;

/**
 * Completes the OpenAPI document Payara builds from the resources' annotations ({@code /openapi},
 * MicroProfile OpenAPI; registered by {@code mp.openapi.filter}), in one place rather than on every
 * method: each operation gets the roles its {@code @RolesAllowed} names ({@value #ROLES} and a line
 * of its description) and the problem responses it can give, all {@code application/problem+json}
 * with the {@link Problem} schema; a body {@code @NotNull} requires is marked required. The servers
 * are made relative (the context root only), so the document names no host or port.
 *
 * <p>Which problems an operation can answer follows from its shape: 401, 403 and 429 (a login
 * throttled) wherever a role is needed; 400 where it takes any input; 404 where its path names
 * something; 409 for a change (POST, PUT, DELETE); 413 where it takes a body. {@code
 * ManagementApiIT} compares the document with the resource methods, so an endpoint missing here
 * fails the build.
 */
public class ApiDocumentFilter implements OASFilter {
  /** The extension member listing the roles an operation needs (any one of them). */
  public static final String ROLES = "x-felu-roles";

  /**
   * The resource classes (those with {@code @Path}) of {@link ApiApplication}: a filter sees only
   * the model, not the classes behind it. A new one missing here leaves its operations without
   * roles, which {@code ManagementApiIT} refuses.
   */
  static final List<Class<?>> RESOURCES =
      List.of(
          AccountsResource.class,
          AuditResource.class,
          ConfigResource.class,
          NameserversResource.class,
          TokensResource.class,
          TsigKeysResource.class,
          ZonesResource.class);

  static final String PROBLEM_SCHEMA = "Problem";

  /** The problem responses, by status: {@code components.responses} name, description. */
  static final Map<String, String[]> PROBLEMS = new LinkedHashMap<>();

  static {
    PROBLEMS.put("400", new String[] {"InvalidInput", "Invalid input; `field` names it."});
    PROBLEMS.put(
        "401", new String[] {"Unauthorized", "No valid credentials (bearer token or Basic)."});
    PROBLEMS.put(
        "403", new String[] {"Forbidden", "The caller's role or zone scope does not allow it."});
    PROBLEMS.put("404", new String[] {"NotFound", "No such zone, record, nameserver, account."});
    PROBLEMS.put(
        "409",
        new String[] {
          "Conflict", "A conflict, e.g. a stale `version` or a duplicate; `field` names it."
        });
    PROBLEMS.put("413", new String[] {"ContentTooLarge", "The request body is over its limit."});
    PROBLEMS.put(
        "429",
        new String[] {
          "TooManyRequests", "Logins of this account or address are throttled; see Retry-After."
        });
  }

  @Override
  public void filterOpenAPI(OpenAPI api) {
    Components components = api.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      api.setComponents(components);
    }
    components.addSchema(PROBLEM_SCHEMA, problemSchema());
    Content problem =
        OASFactory.createContent()
            .addMediaType(
                Problem.MEDIA_TYPE,
                OASFactory.createMediaType()
                    .schema(
                        OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    for (String[] p : PROBLEMS.values()) {
      components.addResponse(
          p[0], OASFactory.createAPIResponse().description(p[1]).content(problem));
    }
    if (api.getServers() != null) {
      api.setServers(withoutHosts(api.getServers()));
    }
    if (api.getPaths() == null) {
      return;
    }
    String root = ApiApplication.class.getAnnotation(ApplicationPath.class).value();
    for (Class<?> resource : RESOURCES) {
      for (Method m : resource.getDeclaredMethods()) {
        Optional<String> verb = verb(m);
        if (verb.isEmpty()) {
          continue;
        }
        PathItem item = api.getPaths().getPathItem(path(root, resource, m));
        Operation op =
            item == null ? null : item.getOperations().get(PathItem.HttpMethod.valueOf(verb.get()));
        if (op != null) {
          describe(op, m, verb.get());
        }
      }
    }
  }

  /** Roles, problem responses and a required body for one operation. */
  private static void describe(Operation op, Method m, String verb) {
    boolean open = RoleCheck.rule(m) == RoleCheck.Rule.PERMIT;
    List<String> roles = open ? List.of() : Arrays.asList(RoleCheck.roles(m));
    op.addExtension(ROLES, roles);
    String rule =
        open
            ? "Open to anyone."
            : "Role: " + String.join(" or ", roles) + " (a role includes those below it).";
    op.setDescription(op.getDescription() == null ? rule : op.getDescription() + "\n\n" + rule);

    parameterSchemas(op, m);
    Optional<Parameter> body = body(m);
    body.filter(b -> b.isAnnotationPresent(NotNull.class) && op.getRequestBody() != null)
        .ifPresent(b -> op.getRequestBody().setRequired(true));
    if (op.getResponses() == null) {
      op.setResponses(OASFactory.createAPIResponses());
    }
    APIResponses responses = op.getResponses();
    boolean input = m.getParameterCount() > 0;
    if (input) {
      problem(responses, "400");
    }
    if (!open) {
      problem(responses, "401");
      problem(responses, "403");
      problem(responses, "429");
    }
    if (path(m).contains("{")) {
      problem(responses, "404");
    }
    if (!verb.equals(HttpMethod.GET)) {
      problem(responses, "409");
    }
    if (body.isPresent()) {
      problem(responses, "413");
    }
  }

  private static void problem(APIResponses responses, String status) {
    if (!responses.hasAPIResponse(status)) {
      APIResponse ref =
          OASFactory.createAPIResponse().ref("#/components/responses/" + PROBLEMS.get(status)[0]);
      responses.addAPIResponse(status, ref);
    }
  }

  /** The request body parameter: one without a JAX-RS parameter annotation. */
  static Optional<Parameter> body(Method m) {
    return Arrays.stream(m.getParameters())
        .filter(
            p ->
                Arrays.stream(p.getAnnotations())
                    .map(Annotation::annotationType)
                    .noneMatch(
                        t ->
                            t == PathParam.class
                                || t == QueryParam.class
                                || t == HeaderParam.class
                                || t == CookieParam.class
                                || t == MatrixParam.class
                                || t == FormParam.class
                                || t == BeanParam.class
                                || t == Context.class))
        .findFirst();
  }

  /** The HTTP method a resource method answers, if it is one. */
  static Optional<String> verb(Method m) {
    return Arrays.stream(m.getAnnotations())
        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
        .filter(h -> h != null)
        .map(HttpMethod::value)
        .findFirst();
  }

  /** The method's own {@code @Path}, or empty. */
  private static String path(Method m) {
    Path p = m.getAnnotation(Path.class);
    return p == null ? "" : p.value();
  }

  /** A resource method's path as the document keys it: {@code /api/v1/zones/{zone}}. */
  static String path(String root, Class<?> resource, Method m) {
    String joined = "/" + root + "/" + resource.getAnnotation(Path.class).value() + "/" + path(m);
    String collapsed = joined.replaceAll("/+", "/");
    return collapsed.length() > 1 && collapsed.endsWith("/")
        ? collapsed.substring(0, collapsed.length() - 1)
        : collapsed;
  }

  /**
   * The servers reduced to their paths (the context root), once each: relative to where the
   * document is read, naming no host or port (Payara lists the machine's name and every listener).
   */
  private static List<Server> withoutHosts(List<Server> servers) {
    Map<String, Server> byPath = new LinkedHashMap<>();
    for (Server server : servers) {
      String url = server.getUrl() == null ? "/" : URI.create(server.getUrl()).getPath();
      server.setUrl(url == null || url.isEmpty() ? "/" : url);
      byPath.putIfAbsent(server.getUrl(), server);
    }
    return new ArrayList<>(byPath.values());
  }

  /**
   * A query parameter's schema as its constraint has it: {@link WholeNumber} is taken as text (for
   * a clear 400) but is an integer in a range; {@code @Pattern} is a pattern.
   */
  private static void parameterSchemas(Operation op, Method m) {
    if (op.getParameters() == null) {
      return;
    }
    for (Parameter p : m.getParameters()) {
      QueryParam query = p.getAnnotation(QueryParam.class);
      if (query == null) {
        continue;
      }
      for (org.eclipse.microprofile.openapi.models.parameters.Parameter documented :
          op.getParameters()) {
        if (!query.value().equals(documented.getName())
            || documented.getIn()
                != org.eclipse.microprofile.openapi.models.parameters.Parameter.In.QUERY) {
          continue;
        }
        WholeNumber whole = p.getAnnotation(WholeNumber.class);
        if (whole != null) {
          Schema integer = OASFactory.createSchema().type(Schema.SchemaType.INTEGER);
          integer.setFormat(whole.max() > Integer.MAX_VALUE ? "int64" : "int32");
          if (whole.min() != Long.MIN_VALUE) {
            integer.setMinimum(java.math.BigDecimal.valueOf(whole.min()));
          }
          if (whole.max() != Long.MAX_VALUE) {
            integer.setMaximum(java.math.BigDecimal.valueOf(whole.max()));
          }
          documented.setSchema(integer);
          documented.setDescription(whole.message());
        }
        jakarta.validation.constraints.Pattern pattern =
            p.getAnnotation(jakarta.validation.constraints.Pattern.class);
        if (pattern != null && documented.getSchema() != null) {
          // anchored: Bean Validation matches the whole value, an OpenAPI pattern any part
          documented.getSchema().setPattern("^(?:" + pattern.regexp() + ")$");
          documented.setDescription(pattern.message());
        }
      }
    }
  }

  private static Schema problemSchema() {
    return OASFactory.createSchema()
        .type(Schema.SchemaType.OBJECT)
        .description("An RFC 9457 problem document; `field` names the request field that is wrong.")
        .addProperty(
            "type",
            string("urn:felu:problem:<kind>, e.g. urn:felu:problem:invalid-input").format("uri"))
        .addProperty("title", string("a short summary of the kind"))
        .addProperty(
            "status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER).format("int32"))
        .addProperty("detail", string("what is wrong, for a person to read"))
        .addProperty("instance", string("the request's path"))
        .addProperty(
            "field", string("the request field that is wrong (a parameter or body member)"))
        .required(List.of("type", "title", "status"));
  }

  private static Schema string(String description) {
    return OASFactory.createSchema().type(Schema.SchemaType.STRING).description(description);
  }
}

package dev.felu.web.it;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the OpenAPI document at {@code /openapi} must say of the REST API, checked against the
 * resource methods read by reflection (the same classes {@link HttpApi#endpoints()} reads): every
 * method is an operation with a summary, the roles of its {@code @RolesAllowed} in {@code
 * x-felu-roles}, and the problem responses its shape implies, each {@code application/problem+json}
 * with the Problem schema. The rules here are the API's promise, written independently of the code
 * that builds the document ({@code dev.felu.web.api.ApiDocumentFilter}).
 */
final class OpenApiCheck {
  static final String PROBLEM_JSON = "application/problem+json";

  private OpenApiCheck() {}

  /** What the document lacks or gets wrong; empty when it describes every endpoint. */
  static List<String> gaps(JsonObject doc) throws Exception {
    List<String> gaps = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    String root =
        Class.forName("dev.felu.web.api.ApiApplication")
            .getAnnotation(ApplicationPath.class)
            .value();
    for (Class<?> resource : HttpApi.resourceClasses()) {
      for (Method m : resource.getDeclaredMethods()) {
        String verb = verb(m);
        if (verb == null) {
          continue;
        }
        String path = path(root, resource, m);
        String name = verb + " " + path + " (" + resource.getSimpleName() + "#" + m.getName() + ")";
        JsonObject item = paths.getJsonObject(path);
        JsonObject op = item == null ? null : item.getJsonObject(verb.toLowerCase());
        if (op == null) {
          gaps.add(name + ": not in the document");
          continue;
        }
        if (op.getString("summary", "").isBlank()) {
          gaps.add(name + ": no summary");
        }
        Set<String> roles = roles(m);
        Set<String> documented = new TreeSet<>();
        JsonValue listed = op.get("x-felu-roles");
        if (listed instanceof jakarta.json.JsonArray a) {
          a.getValuesAs(JsonString.class).forEach(s -> documented.add(s.getString()));
        }
        if (listed == null || !documented.equals(roles)) {
          gaps.add(name + ": x-felu-roles " + listed + ", the code says " + roles);
        }
        if (!roles.isEmpty() && !op.getString("description", "").contains("Role: ")) {
          gaps.add(name + ": its description does not name the role");
        }
        for (String status : problems(m, verb, path, roles.isEmpty())) {
          JsonObject response =
              op.containsKey("responses")
                  ? op.getJsonObject("responses").getJsonObject(status)
                  : null;
          if (response == null) {
            gaps.add(name + ": no " + status + " response");
          } else if (!isProblem(doc, response)) {
            gaps.add(name + ": its " + status + " response is not " + PROBLEM_JSON + " Problem");
          }
        }
      }
    }
    JsonObject problem =
        doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem");
    if (problem == null
        || !problem
            .getJsonObject("properties")
            .keySet()
            .containsAll(List.of("type", "title", "status", "detail", "instance", "field"))) {
      gaps.add("components.schemas.Problem: missing or without the RFC 9457 members and field");
    }
    return gaps;
  }

  /**
   * The problem responses an operation of this shape must document: 401/403/429 where a role is
   * needed, 400 where it takes input, 404 where its path names something, 409 for a change, 413
   * where it takes a body.
   */
  static List<String> problems(Method m, String verb, String path, boolean open) {
    List<String> out = new ArrayList<>();
    if (m.getParameterCount() > 0) {
      out.add("400");
    }
    if (!open) {
      out.addAll(List.of("401", "403", "429"));
    }
    if (path.contains("{")) {
      out.add("404");
    }
    if (!verb.equals("GET")) {
      out.add("409");
    }
    if (hasBody(m)) {
      out.add("413");
    }
    return out;
  }

  /** A response, or the {@code components.responses} entry it refers to, is problem JSON. */
  private static boolean isProblem(JsonObject doc, JsonObject response) {
    JsonObject r = response;
    if (r.containsKey("$ref")) {
      String ref = r.getString("$ref");
      String prefix = "#/components/responses/";
      if (!ref.startsWith(prefix)) {
        return false;
      }
      r =
          doc.getJsonObject("components")
              .getJsonObject("responses")
              .getJsonObject(ref.substring(prefix.length()));
      if (r == null) {
        return false;
      }
    }
    JsonObject content = r.getJsonObject("content");
    JsonObject media = content == null ? null : content.getJsonObject(PROBLEM_JSON);
    JsonObject schema = media == null ? null : media.getJsonObject("schema");
    return schema != null && "#/components/schemas/Problem".equals(schema.getString("$ref", null));
  }

  private static Set<String> roles(Method m) {
    if (m.isAnnotationPresent(PermitAll.class)) {
      return Set.of();
    }
    RolesAllowed r = m.getAnnotation(RolesAllowed.class);
    if (r == null) {
      r = m.getDeclaringClass().getAnnotation(RolesAllowed.class);
    }
    return r == null ? Set.of() : new TreeSet<>(Arrays.asList(r.value()));
  }

  private static boolean hasBody(Method m) {
    List<Class<? extends Annotation>> params =
        List.of(
            PathParam.class,
            QueryParam.class,
            HeaderParam.class,
            CookieParam.class,
            MatrixParam.class,
            FormParam.class,
            BeanParam.class,
            Context.class);
    return Arrays.stream(m.getParameters())
        .anyMatch(p -> params.stream().noneMatch(p::isAnnotationPresent));
  }

  private static String verb(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }

  private static String path(String root, Class<?> resource, Method m) {
    Path sub = m.getAnnotation(Path.class);
    String p =
        ("/"
                + root
                + "/"
                + resource.getAnnotation(Path.class).value()
                + "/"
                + (sub == null ? "" : sub.value()))
            .replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}

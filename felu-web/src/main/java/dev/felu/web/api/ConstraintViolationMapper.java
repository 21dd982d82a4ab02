package dev.felu.web.api;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A request that breaks a Bean Validation constraint of a resource method ({@code @NotNull} on a
 * body, {@link WholeNumber} or {@code @Pattern} on a query parameter): a 400 problem of type {@code
 * urn:felu:problem:invalid-input}, as {@code InvalidInputException} is answered by {@link
 * ProblemMapper}, its {@code detail} the constraint's message and its {@code field} the name the
 * client used (the query or path parameter's, {@code body} for the request body, a body member's
 * JSON name), never Java's {@code arg0}. The messages are ours and never repeat the input.
 *
 * <p>It is its own mapper, not a case of {@link ProblemMapper}: JAX-RS picks the mapper nearest the
 * exception's class, and Jersey's bean-validation module brings one for {@code ValidationException}
 * that would win over an {@code ExceptionMapper<Throwable>}.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {
  @Context UriInfo uri;

  @Override
  public Response toResponse(ConstraintViolationException e) {
    // one problem names one field: the first by path (parameters in declaration order)
    Optional<ConstraintViolation<?>> first =
        e.getConstraintViolations().stream()
            .min(Comparator.comparing(v -> String.valueOf(v.getPropertyPath())));
    String detail = first.map(ConstraintViolation::getMessage).orElse("the request is not valid");
    String field = first.map(ConstraintViolationMapper::field).orElse(null);
    return Problem.of(
            "invalid-input",
            "Invalid input",
            400,
            detail,
            uri == null ? null : uri.getRequestUri().getPath(),
            field)
        .toResponse();
  }

  /** The request field a violation is about, as the client named it. */
  static String field(ConstraintViolation<?> v) {
    List<Path.Node> nodes = new ArrayList<>();
    v.getPropertyPath().forEach(nodes::add);
    if (nodes.isEmpty()) {
      return "body";
    }
    Path.Node last = nodes.get(nodes.size() - 1);
    if (last.getKind() == ElementKind.PARAMETER && nodes.size() >= 2) {
      Path.Node method = nodes.get(nodes.size() - 2);
      if (method.getKind() == ElementKind.METHOD) {
        return resourceMethod(v.getRootBeanClass(), method.as(Path.MethodNode.class))
            .map(
                m ->
                    parameterName(
                            m.getParameterAnnotations()[
                                last.as(Path.ParameterNode.class).getParameterIndex()])
                        .orElse("body"))
            .orElse(last.getName());
      }
    }
    if (last.getKind() == ElementKind.PROPERTY && v.getLeafBean() != null) {
      return property(v.getLeafBean().getClass(), last.getName());
    }
    return last.getName();
  }

  /**
   * The resource method a METHOD node names: declared by the resource class or a superclass, not by
   * a container's proxy subclass (whose overrides carry no parameter annotations).
   */
  private static Optional<Method> resourceMethod(Class<?> root, Path.MethodNode node) {
    Class<?>[] types = node.getParameterTypes().toArray(Class<?>[]::new);
    for (Class<?> c = root; c != null && c != Object.class; c = c.getSuperclass()) {
      if (!c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        continue;
      }
      try {
        return Optional.of(c.getDeclaredMethod(node.getName(), types));
      } catch (NoSuchMethodException e) {
        // declared further up
      }
    }
    return Optional.empty();
  }

  /** The name a JAX-RS parameter annotation gives; none: the parameter is the request body. */
  private static Optional<String> parameterName(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a instanceof QueryParam q) {
        return Optional.of(q.value());
      }
      if (a instanceof PathParam p) {
        return Optional.of(p.value());
      }
      if (a instanceof HeaderParam h) {
        return Optional.of(h.value());
      }
      if (a instanceof FormParam f) {
        return Optional.of(f.value());
      }
      if (a instanceof CookieParam c) {
        return Optional.of(c.value());
      }
      if (a instanceof MatrixParam m) {
        return Optional.of(m.value());
      }
    }
    return Optional.empty();
  }

  /** A bean's property by its request name: a JAX-RS parameter's, a JSON-B name, or its own. */
  private static String property(Class<?> bean, String name) {
    for (Class<?> c = bean; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        AnnotatedElement f = c.getDeclaredField(name);
        Optional<String> param = parameterName(f.getAnnotations());
        if (param.isPresent()) {
          return param.get();
        }
        JsonbProperty json = f.getAnnotation(JsonbProperty.class);
        return json != null && !json.value().isEmpty() ? json.value() : name;
      } catch (NoSuchFieldException e) {
        // declared further up
      }
    }
    return name;
  }
}

package dev.felu.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Readiness is only as good as the list of start-up beans that must have run before it. */
class StartupCompleteTest {
  /** Each singleton of the module by its EJB name, with what its {@code @DependsOn} names. */
  static Map<String, List<String>> singletons(Set<String> startup) throws Exception {
    Path classes = Path.of("target/classes");
    Map<String, List<String>> dependsOn = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains("$") || name.endsWith("package-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, StartupCompleteTest.class.getClassLoader());
        if (c.isAnnotationPresent(Singleton.class)) {
          DependsOn d = c.getAnnotation(DependsOn.class);
          dependsOn.put(c.getSimpleName(), d == null ? List.of() : List.of(d.value()));
          if (c.isAnnotationPresent(Startup.class)) {
            startup.add(c.getSimpleName());
          }
        }
      }
    }
    return dependsOn;
  }

  @Test
  void waitsForEveryStartupBeanOfTheModule() throws Exception {
    Set<String> startup = new TreeSet<>();
    Map<String, List<String>> dependsOn = singletons(startup);
    assertTrue(startup.contains("SchemaMigration"), "found the start-up beans: " + startup);
    // everything StartupComplete depends on, directly or not
    Set<String> reached = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(dependsOn.get("StartupComplete"));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      assertTrue(
          dependsOn.containsKey(next), "@DependsOn names a singleton of the module: " + next);
      if (reached.add(next)) {
        todo.addAll(dependsOn.get(next));
      }
    }
    startup.remove("StartupComplete");
    assertEquals(startup, reached, "StartupComplete waits for every start-up bean");
  }

  @Test
  void namesOnlyBeansNoOtherNamedBeanDependsOn() throws Exception {
    Map<String, List<String>> dependsOn = singletons(new TreeSet<>());
    List<String> named = dependsOn.get("StartupComplete");
    for (String other : named) {
      for (String bean : named) {
        // Payara's ordering (a stack of the named beans) takes a named bean with dependencies of
        // its own, reached again below another named bean, for a cycle
        assertTrue(
            bean.equals(other)
                || dependsOn.get(bean).isEmpty()
                || !reachable(dependsOn, other).contains(bean),
            other
                + " depends on "
                + bean
                + ": naming both in StartupComplete's @DependsOn fails Payara's deployment"
                + " (\"Cyclic dependency\")");
      }
    }
  }

  /** What {@code from} depends on, directly or not. */
  static Set<String> reachable(Map<String, List<String>> dependsOn, String from) {
    Set<String> reached = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(dependsOn.get(from));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      assertTrue(
          dependsOn.containsKey(next), "@DependsOn names a singleton of the module: " + next);
      if (reached.add(next)) {
        todo.addAll(dependsOn.get(next));
      }
    }
    return reached;
  }
}

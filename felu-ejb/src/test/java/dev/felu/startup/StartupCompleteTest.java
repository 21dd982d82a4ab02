package dev.felu.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Readiness is only as good as the list of start-up beans that must have run before it. */
class StartupCompleteTest {
  @Test
  void waitsForEveryStartupBeanOfTheModule() throws Exception {
    Path classes = Path.of("target/classes");
    Set<String> startupBeans = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains("$") || name.endsWith("package-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        if (c.isAnnotationPresent(Startup.class) && c != StartupComplete.class) {
          assertTrue(c.isAnnotationPresent(Singleton.class), c + " is a singleton");
          startupBeans.add(c.getSimpleName());
        }
      }
    }
    assertTrue(
        startupBeans.contains("SchemaMigration"), "found the start-up beans: " + startupBeans);
    Set<String> named =
        new TreeSet<>(List.of(StartupComplete.class.getAnnotation(DependsOn.class).value()));
    assertEquals(startupBeans, named, "StartupComplete's @DependsOn names every start-up bean");
  }
}

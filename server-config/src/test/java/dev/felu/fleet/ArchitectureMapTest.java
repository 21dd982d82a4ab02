package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md stays a map of this repository: every class it names in backticks exists, and
 * neither it nor README.md sends a reader outside the repository (a clone has nothing there).
 */
class ArchitectureMapTest {
  /** server-config's tests run in the module folder. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * A backticked fully qualified name, optionally with {@code #method}: {@code
   * `dev.felu.push.PushCoordinator#resync`}. Package names alone ({@code `dev.felu.push`}) and
   * wildcards ({@code `dev.felu.web.ui.*View`}) are not classes and are left alone.
   */
  private static final Pattern CLASS_NAME =
      Pattern.compile("`(dev\\.felu(?:\\.[a-z][a-z0-9_]*)*\\.[A-Z][A-Za-z0-9_]*)(?:#\\w+)?`");

  /** The target of a Markdown link or image: {@code [text](target)}. */
  private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?[^)]*\\)");

  @Test
  void everyClassTheMapNamesExists() {
    Set<String> sources = sourceFiles();
    Set<String> missing = new TreeSet<>();
    Matcher m = CLASS_NAME.matcher(read("ARCHITECTURE.md"));
    int named = 0;
    while (m.find()) {
      named++;
      String path = m.group(1).replace('.', '/') + ".java";
      if (!sources.contains(path)) {
        missing.add(m.group(1));
      }
    }
    assertTrue(named > 0, "ARCHITECTURE.md names no dev.felu class in backticks");
    assertTrue(
        missing.isEmpty(),
        "ARCHITECTURE.md names classes that have no source file (src/main/java or src/test/java)"
            + " in the repository: "
            + missing);
  }

  @Test
  void theMapAndTheReadmeStayInsideTheRepository() {
    List<String> outside = new ArrayList<>();
    for (String doc : List.of("README.md", "ARCHITECTURE.md")) {
      String text = read(doc);
      if (text.contains("../shared")) {
        outside.add(doc + ": mentions ../shared");
      }
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (leavesRepository(target)) {
          outside.add(doc + ": links to " + target);
        }
      }
    }
    assertTrue(outside.isEmpty(), "links outside the repository: " + outside);
  }

  /** Web addresses and anchors are fine; a file path must resolve inside the repository. */
  static boolean leavesRepository(String target) {
    if (target.startsWith("#")) {
      return false;
    }
    String scheme;
    try {
      scheme = URI.create(target).getScheme();
    } catch (IllegalArgumentException notAUri) {
      scheme = null; // read as a path below
    }
    if (scheme != null) {
      return !(scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto"));
    }
    String path = target.replaceFirst("[#?].*$", "");
    if (path.startsWith("/") || path.startsWith("~")) {
      return true;
    }
    return !ROOT.resolve(path).normalize().startsWith(ROOT);
  }

  /**
   * Every {@code <package path>/Name.java} under a src/main/java or src/test/java folder; build
   * output ({@code target}) and hidden folders (a demo's home, {@code .git}) are not looked into.
   */
  private static Set<String> sourceFiles() {
    Set<String> found = new TreeSet<>();
    try {
      Files.walkFileTree(
          ROOT,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              boolean skip =
                  !dir.equals(ROOT)
                      && (name.equals("target")
                          || name.startsWith(".")
                          || name.equals("node_modules"));
              return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String relative = ROOT.relativize(file).toString().replace('\\', '/');
              if (relative.endsWith(".java")) {
                String underRoot = underSourceRoot(relative);
                if (underRoot != null) {
                  found.add(underRoot);
                }
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static String underSourceRoot(String relative) {
    for (String root : List.of("src/main/java/", "src/test/java/")) {
      int at = relative.indexOf(root);
      if (at >= 0 && (at == 0 || relative.charAt(at - 1) == '/')) {
        return relative.substring(at + root.length());
      }
    }
    return null;
  }

  private static String read(String file) {
    try {
      return Files.readString(ROOT.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

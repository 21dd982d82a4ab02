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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md stays a map of this repository: every class it names in backticks exists; neither
 * it, README.md nor docs/*.md sends a reader outside the repository (a clone has nothing there),
 * every relative link among them reaches an existing file and, with {@code #anchor}, a heading or
 * explicit anchor of it; and README.md stays a front door of at most 320 lines.
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

  /** An ATX heading: {@code ## Title}, its text in group 1. */
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  /** An explicit anchor: {@code <a id="flow-edit-served"></a>}. */
  private static final Pattern EXPLICIT_ANCHOR =
      Pattern.compile("<a\\s+(?:id|name)\\s*=\\s*\"([^\"]+)\"");

  /** README.md is the front door; the reference lives in docs/. */
  private static final int README_MAX_LINES = 320;

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
  void theMapTheReadmeAndTheDocsStayInsideTheRepository() {
    List<String> outside = new ArrayList<>();
    for (String doc : documents()) {
      String text = read(doc);
      if (text.contains("../shared")) {
        outside.add(doc + ": mentions ../shared");
      }
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (leavesRepository(doc, target)) {
          outside.add(doc + ": links to " + target);
        }
      }
    }
    assertTrue(outside.isEmpty(), "links outside the repository: " + outside);
  }

  @Test
  void everyRelativeLinkReachesAFileAndItsAnchor() {
    List<String> broken = new ArrayList<>();
    for (String doc : documents()) {
      Matcher m = LINK.matcher(read(doc));
      while (m.find()) {
        String target = m.group(1);
        if (isWebAddress(target)) {
          continue;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? ROOT.resolve(doc) : folderOf(doc).resolve(path).normalize();
        if (!file.startsWith(ROOT) || !Files.exists(file)) {
          broken.add(doc + ": " + target + " (no such file)");
        } else if (anchor != null && !anchorsOf(file).contains(anchor)) {
          broken.add(doc + ": " + target + " (no such heading or <a id> in that file)");
        }
      }
    }
    assertTrue(broken.isEmpty(), "broken links: " + broken);
  }

  @Test
  void theReadmeStaysAFrontDoor() {
    long lines = read("README.md").lines().count();
    assertTrue(
        lines <= README_MAX_LINES,
        "README.md has "
            + lines
            + " lines, more than "
            + README_MAX_LINES
            + ": move reference material to docs/*.md");
  }

  /** README.md, ARCHITECTURE.md and every {@code docs/*.md}, relative to the repository root. */
  static List<String> documents() {
    List<String> docs = new ArrayList<>(List.of("README.md", "ARCHITECTURE.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".md"))
          .sorted()
          .forEach(name -> docs.add("docs/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(docs.size() > 2, "no docs/*.md found");
    return docs;
  }

  /**
   * The anchors a Markdown file offers: each heading's GitHub slug (lower case, punctuation
   * dropped, spaces as hyphens, a repeated slug numbered {@code -1}, {@code -2}, …), outside fenced
   * code, and every explicit {@code <a id="…">} or {@code <a name="…">}.
   */
  static Set<String> anchorsOf(Path file) {
    Set<String> anchors = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : text.split("\\R")) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (!fenced && heading.matches()) {
        String slug = slug(heading.group(1));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    Matcher explicit = EXPLICIT_ANCHOR.matcher(text);
    while (explicit.find()) {
      anchors.add(explicit.group(1));
    }
    return anchors;
  }

  /** GitHub's heading anchor: {@code ## REST API (`/api/v1`)} is {@code rest-api-apiv1}. */
  static String slug(String heading) {
    String text = heading.strip().replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  private static Path folderOf(String doc) {
    Path parent = ROOT.resolve(doc).getParent();
    return parent == null ? ROOT : parent;
  }

  private static boolean isWebAddress(String target) {
    try {
      return URI.create(target).getScheme() != null;
    } catch (IllegalArgumentException notAUri) {
      return false;
    }
  }

  /**
   * Web addresses and anchors are fine; a file path, read from the folder of the document that
   * links to it, must resolve inside the repository.
   */
  static boolean leavesRepository(String doc, String target) {
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
    return !folderOf(doc).resolve(path).normalize().startsWith(ROOT);
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

package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Chooses the tables a job copies from {@code tables} (include globs) and {@code exclude} globs. A
 * name without glob characters that matches no table is an error, not an empty run: a typo must not
 * look like success.
 */
public final class TableSelection {

  private TableSelection() {}

  public static List<Table> select(
      Inventory inventory, List<String> include, List<String> exclude) {
    List<String> names =
        selectNames(
            inventory.tables().stream().map(Table::name).toList(),
            include,
            exclude,
            "table",
            inventory.source());
    return inventory.tables().stream().filter(t -> names.contains(t.name())).toList();
  }

  /**
   * The names among {@code available} that {@code include} selects and {@code exclude} does not, in
   * {@code available}'s order.
   *
   * @param noun what the names are ("table", "collection"), for messages
   * @param source where they are, safe to print
   */
  public static List<String> selectNames(
      List<String> available,
      List<String> include,
      List<String> exclude,
      String noun,
      String source) {
    String listed = available.isEmpty() ? "none" : String.join(", ", available);
    for (String name : include) {
      if (!isGlob(name) && !available.contains(name)) {
        throw new JobException(
            "source.tables: no "
                + noun
                + " '"
                + name
                + "' in "
                + source
                + " ("
                + noun
                + "s: "
                + listed
                + ")");
      }
    }
    List<PathMatcher> in = include.stream().map(TableSelection::matcher).toList();
    List<PathMatcher> out = exclude.stream().map(TableSelection::matcher).toList();
    List<String> selected =
        available.stream()
            .filter(n -> in.stream().anyMatch(m -> m.matches(Path.of(safe(n)))))
            .filter(n -> out.stream().noneMatch(m -> m.matches(Path.of(safe(n)))))
            .toList();
    if (selected.isEmpty()) {
      throw new JobException(
          "source.tables: "
              + include
              + (exclude.isEmpty() ? "" : " minus " + exclude)
              + " selects no "
              + noun
              + " in "
              + source
              + " ("
              + noun
              + "s: "
              + listed
              + ")");
    }
    return selected;
  }

  /** Whether {@code pattern} holds a glob character. */
  public static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /**
   * Whether {@code name} matches {@code glob} ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}).
   */
  public static boolean globMatches(String glob, String name) {
    return matcher(glob).matches(Path.of(safe(name)));
  }

  /** A glob matcher over names; '/' in names is neutralized so it never acts as a separator. */
  private static PathMatcher matcher(String glob) {
    return FileSystems.getDefault().getPathMatcher("glob:" + safe(glob));
  }

  private static String safe(String name) {
    return name.replace('/', '\u2215');
  }
}

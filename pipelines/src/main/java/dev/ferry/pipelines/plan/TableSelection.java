package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chooses the tables a job copies from {@code tables} (include globs) and {@code exclude} globs. A
 * name without glob characters that matches no table is an error, not an empty run: a typo must not
 * look like success.
 */
public final class TableSelection {

  private TableSelection() {}

  public static List<Table> select(
      Inventory inventory, List<String> include, List<String> exclude) {
    String available =
        inventory.tables().stream().map(Table::name).collect(Collectors.joining(", "));
    for (String name : include) {
      if (!isGlob(name) && inventory.table(name).isEmpty()) {
        throw new JobException(
            "source.tables: no table '"
                + name
                + "' in "
                + inventory.source()
                + " (tables: "
                + (available.isEmpty() ? "none" : available)
                + ")");
      }
    }
    List<PathMatcher> in = include.stream().map(TableSelection::matcher).toList();
    List<PathMatcher> out = exclude.stream().map(TableSelection::matcher).toList();
    List<Table> selected =
        inventory.tables().stream()
            .filter(t -> in.stream().anyMatch(m -> m.matches(Path.of(safe(t.name())))))
            .filter(t -> out.stream().noneMatch(m -> m.matches(Path.of(safe(t.name())))))
            .toList();
    if (selected.isEmpty()) {
      throw new JobException(
          "source.tables: "
              + include
              + (exclude.isEmpty() ? "" : " minus " + exclude)
              + " selects no table in "
              + inventory.source()
              + " (tables: "
              + (available.isEmpty() ? "none" : available)
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

package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.CastSpec;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies the job's {@code casts}: type overrides by source type (every column declared so) or by
 * {@code table.column}. A column cast wins over a source-type cast; later entries win over earlier.
 */
public final class Casts {

  private Casts() {}

  public static Table apply(Table table, List<CastSpec> casts) {
    List<Column> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      ColumnType type = c.type();
      for (CastSpec cast : casts) {
        if (cast.sourceType() != null && sameSourceType(cast.sourceType(), c.sourceType())) {
          type = ColumnType.parse(cast.type());
        }
      }
      for (CastSpec cast : casts) {
        if ((table.name() + "." + c.name()).equals(cast.column())) {
          type = ColumnType.parse(cast.type());
        }
      }
      columns.add(type.equals(c.type()) ? c : c.withType(type));
    }
    return table.withColumns(columns);
  }

  /** Fails on a {@code table.column} cast whose table is selected but has no such column. */
  public static void checkColumns(List<Table> tables, List<CastSpec> casts) {
    for (int i = 0; i < casts.size(); i++) {
      CastSpec cast = casts.get(i);
      if (cast.column() == null) {
        continue;
      }
      String[] parts = cast.column().split("\\.", 2);
      for (Table t : tables) {
        if (t.name().equals(parts[0]) && t.column(parts[1]).isEmpty()) {
          throw new JobException(
              "casts[" + i + "].column: table " + t.name() + " has no column " + parts[1]);
        }
      }
    }
  }

  private static boolean sameSourceType(String cast, String declared) {
    String a = cast.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    String b = declared.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    return a.equals(b) || (!a.contains("(") && b.startsWith(a + "("));
  }
}

package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** A small day-partitioned table for committer tests: writes files, reads rows back sorted. */
final class DeltaTestTable {

  static final List<String> PARTITIONS = List.of("year", "month", "day");
  static final List<Column> COLUMNS =
      List.of(col("id", Kind.INT64, true), col("name", Kind.STRING, true));

  final String path;

  DeltaTestTable(String path) {
    this.path = path;
  }

  static Column col(String name, Kind kind, boolean nullable) {
    ColumnType type = kind == Kind.STRING ? ColumnType.string(0) : ColumnType.of(kind);
    return new Column(name, "", type, nullable, null);
  }

  DeltaTableSpec spec(List<Column> columns) {
    return DeltaTableSpec.of(path, "events", columns).withPartitionColumns(PARTITIONS);
  }

  DeltaTableWriter writer(List<Column> columns) {
    return DeltaTableWriter.of(spec(columns), rowSchema(columns));
  }

  /** Data files (not committed) for ids {@code from..to} on 2026-11-{@code day}. */
  List<DeltaFile> files(int day, long from, long to) {
    return files(COLUMNS, day, from, to);
  }

  List<DeltaFile> files(List<Column> columns, int day, long from, long to) {
    DeltaTableWriter writer = writer(columns);
    DeltaTableWriter.Session session = writer.start();
    Schema schema = rowSchema(columns);
    for (long id = from; id <= to; id++) {
      List<Object> values = new ArrayList<>();
      for (Column c : columns) {
        boolean text = c.type().kind() == Kind.STRING;
        if (c.name().equals("id")) {
          values.add(text ? (Object) Long.toString(id) : (Object) id);
        } else {
          values.add(text ? c.name() + "-" + id : (Object) id);
        }
      }
      values.addAll(List.of(2026, 11, day));
      session.write(Row.withSchema(schema).addValues(values).build());
    }
    return session.finish();
  }

  DeltaCommitter committer() {
    return DeltaCommitter.of(writer(COLUMNS));
  }

  /** A committer whose commits carry Delta transaction {@code appId} at {@code version}. */
  DeltaCommitter committer(String appId, long version) {
    return DeltaCommitter.of(
        DeltaTableWriter.of(spec(COLUMNS).withTransaction(appId, version), rowSchema(COLUMNS)));
  }

  DeltaCommitter committer(List<Column> columns) {
    return DeltaCommitter.of(writer(columns));
  }

  static Map<String, String> day(int day) {
    return Map.of("year", "2026", "month", "11", "day", Integer.toString(day));
  }

  static List<Map<String, Object>> rows(DeltaKernelReader table) {
    List<Map<String, Object>> rows = new ArrayList<>(table.rows());
    rows.sort(Comparator.comparing(r -> (Long) r.get("id")));
    return rows;
  }

  static List<Map<String, Object>> rowsOfDay(DeltaKernelReader table, int day) {
    return rows(table).stream().filter(r -> ((Number) r.get("day")).intValue() == day).toList();
  }

  static List<Long> ids(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> (Long) r.get("id")).toList();
  }

  private static Schema rowSchema(List<Column> columns) {
    Schema.Builder b = Schema.builder().addFields(BeamSchemas.of(columns).getFields());
    PARTITIONS.forEach(p -> b.addNullableField(p, Schema.FieldType.INT32));
    return b.build();
  }
}

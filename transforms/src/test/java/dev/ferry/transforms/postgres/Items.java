package dev.ferry.transforms.postgres;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.deadletter.FailedRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;

/** A small table with a NOT NULL, a CHECK and a numeric(6,2) column, for write tests. */
final class Items {

  static final List<Column> COLUMNS =
      List.of(
          new Column("id", "bigint", ColumnType.of(Kind.INT64), false, null),
          new Column("name", "text", ColumnType.string(0), false, null),
          new Column("qty", "integer", ColumnType.of(Kind.INT32), true, null),
          new Column("price", "numeric(6,2)", ColumnType.decimal(6, 2), true, null));

  static final Schema SCHEMA = BeamSchemas.of(COLUMNS);

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

  private Items() {}

  /** Creates {@code name} with a primary key on id when {@code keyed}. */
  static void create(TestDatabase db, String name, boolean keyed) throws SQLException {
    execute(
        db,
        "CREATE TABLE "
            + name
            + " (id bigint"
            + (keyed ? " PRIMARY KEY" : "")
            + ", name text NOT NULL, qty integer CONSTRAINT qty_not_negative CHECK (qty >= 0),"
            + " price numeric(6,2))");
  }

  static Row row(long id, String name, Integer qty, String price) {
    return Row.withSchema(SCHEMA)
        .addValues(id, name, qty, price == null ? null : new BigDecimal(price))
        .build();
  }

  /** Rows 1..n with valid values. */
  static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      rows.add(row(i, "item " + i, i % 100, (i % 10_000) + ".25"));
    }
    return rows;
  }

  static TableTarget target(String name) {
    return TableTarget.of("public", name, COLUMNS);
  }

  static PostgresTarget server(TestDatabase db) {
    return PostgresTarget.of(db.jdbcUrl(), db.user(), db.password());
  }

  static void execute(TestDatabase db, String... sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The first column of every row of {@code sql}, as text. */
  static List<String> query(TestDatabase db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** {@code "<id> <reason>"} of a dead letter, to assert on both at once. */
  static String idAndReason(FailedRow failed) {
    Matcher m = ID.matcher(failed.values());
    return (m.find() ? m.group(1) : "?") + " " + failed.stage() + " " + failed.reason();
  }

  /** Checks the sum of one field over every WrittenBatch, for PAssert. */
  static SerializableFunction<Iterable<WrittenBatch>, Void> total(
      String what, SerializableFunction<WrittenBatch, Long> field, long expected) {
    return total(what, field, expected, expected);
  }

  /** Checks the sum of one field over every WrittenBatch lies in {@code [min, max]}. */
  static SerializableFunction<Iterable<WrittenBatch>, Void> total(
      String what, SerializableFunction<WrittenBatch, Long> field, long min, long max) {
    return batches -> {
      long sum = StreamSupport.stream(batches.spliterator(), false).mapToLong(field::apply).sum();
      if (sum < min || sum > max) {
        throw new AssertionError(
            what + ": expected " + (min == max ? min : min + ".." + max) + " but was " + sum);
      }
      return null;
    };
  }
}

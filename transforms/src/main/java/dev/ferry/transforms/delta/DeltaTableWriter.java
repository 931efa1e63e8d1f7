package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.load.RowSink;
import dev.ferry.transforms.load.SinkWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;

/**
 * Writes rows of one Delta table into Parquet data files, for any DoFn that produces rows: {@link
 * WriteDeltaTable} per bundle, a fused read-and-write step per key range. It checks the row schema
 * against the table once, up front; a {@link Session} then streams rows into at most {@link
 * PartitionWriters#MAX_OPEN} open files and hands back the finished files for {@link
 * CommitDeltaFiles}. Nothing it writes is visible to readers before that commit.
 */
public final class DeltaTableWriter implements RowSink<DeltaFile> {
  private static final long serialVersionUID = 1L;

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;
  private final int[] partitionIndexes;

  private DeltaTableWriter(DeltaTableSpec spec, List<Column> partitionColumns, int[] indexes) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.partitionIndexes = indexes.clone();
  }

  /**
   * A writer for rows of {@code rowSchema}: the spec's data columns first, in order, then the INT32
   * or STRING partition fields.
   *
   * @throws IllegalArgumentException naming the first field that does not fit
   */
  public static DeltaTableWriter of(DeltaTableSpec spec, Schema rowSchema) {
    checkDataColumns(spec, rowSchema);
    List<Column> partitionColumns = new ArrayList<>();
    int[] indexes = new int[spec.partitionColumns().size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = partitionIndex(spec, rowSchema, spec.partitionColumns().get(i));
      partitionColumns.add(partitionColumn(spec, rowSchema.getField(indexes[i])));
    }
    return new DeltaTableWriter(spec, partitionColumns, indexes);
  }

  public DeltaTableSpec spec() {
    return spec;
  }

  /** The partition columns as Delta will declare them. */
  public List<Column> partitionColumns() {
    return partitionColumns;
  }

  @Override
  public String describe() {
    return spec.path();
  }

  /** A fused load's writer: one session per key range, started by the range's first row. */
  @Override
  public SinkWriter<DeltaFile> open() {
    return new SinkWriter<>() {
      private Session session;

      @Override
      public void write(Row row, Consumer<FailedRow> failures) {
        if (session == null) {
          session = start();
        }
        session.write(row);
      }

      @Override
      public List<DeltaFile> finishRange(Consumer<FailedRow> failures) {
        if (session == null) {
          return List.of();
        }
        List<DeltaFile> files = session.finish();
        session = null;
        return files;
      }

      @Override
      public void abortRange() {
        if (session != null) {
          session.abort();
          session = null;
        }
      }

      @Override
      public void close() {
        abortRange();
      }
    };
  }

  /** Starts writing files; one session per bundle or per unit of work, never shared. */
  public Session start() {
    return new Session(
        new PartitionWriters(PartFile.opener(spec, partitionColumns), spec.targetFileBytes()));
  }

  /** Open data files of one unit of work. */
  public final class Session {
    private final PartitionWriters writers;

    private Session(PartitionWriters writers) {
      this.writers = writers;
    }

    /**
     * Writes one row.
     *
     * @return how many files are open afterwards
     */
    public int write(Row row) {
      try {
        return writers.write(partitionOf(row), row);
      } catch (IOException | RuntimeException e) {
        writers.abort();
        throw DeltaErrors.cannotWrite(spec.path(), e);
      }
    }

    /** Closes every file and returns them all, ready to commit. */
    public List<DeltaFile> finish() {
      try {
        return writers.finish();
      } catch (IOException | RuntimeException e) {
        writers.abort();
        throw DeltaErrors.cannotWrite(spec.path(), e);
      }
    }

    /** Deletes this session's files: its work failed and will be retried. */
    public void abort() {
      writers.abort();
    }
  }

  /** The row's partition values as text; null and empty text both mean the null partition. */
  private List<String> partitionOf(Row row) {
    if (partitionIndexes.length == 0) {
      return List.of();
    }
    List<String> values = new ArrayList<>(partitionIndexes.length);
    for (int index : partitionIndexes) {
      Object v = row.getValue(index);
      String text = v == null ? null : v.toString();
      values.add(text == null || text.isEmpty() ? null : text);
    }
    return values;
  }

  private static void checkDataColumns(DeltaTableSpec spec, Schema schema) {
    List<Column> columns = spec.columns();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      FieldType want = BeamSchemas.fieldType(c.type()).withNullable(true);
      if (i >= schema.getFieldCount()
          || !schema.getField(i).getName().equals(c.name())
          || !schema.getField(i).getType().withNullable(true).equals(want)) {
        throw new IllegalArgumentException(
            "table "
                + spec.table()
                + ": row field "
                + (i + 1)
                + " must be column "
                + c.name()
                + " ("
                + c.type()
                + ") but the rows have "
                + (i < schema.getFieldCount() ? schema.getField(i) : "no such field"));
      }
    }
  }

  private static int partitionIndex(DeltaTableSpec spec, Schema schema, String name) {
    for (int i = spec.columns().size(); i < schema.getFieldCount(); i++) {
      if (schema.getField(i).getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "table "
            + spec.table()
            + ": partition column "
            + name
            + " is not a row field after the data columns; rows have "
            + schema.getFieldNames());
  }

  private static Column partitionColumn(DeltaTableSpec spec, Schema.Field field) {
    TypeName type = field.getType().getTypeName();
    ColumnType columnType;
    if (type == TypeName.INT32) {
      columnType = ColumnType.of(ColumnType.Kind.INT32);
    } else if (type == TypeName.STRING) {
      columnType = ColumnType.string(0);
    } else {
      throw new IllegalArgumentException(
          "table "
              + spec.table()
              + ": partition column "
              + field.getName()
              + " must be INT32 or STRING, not "
              + field.getType());
    }
    return new Column(field.getName(), "", columnType, true, null);
  }
}

package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.AvroSchemas;
import dev.ferry.schemas.convert.AvroValues;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Streams the rows of one data file, the exact inverse of {@link PartFile}: every value comes back
 * as the row value it was written from ({@link AvroValues#fromAvro}). Only the requested columns
 * are read from the file (a Parquet projection), so reading a key and a cursor column of a wide
 * table is cheap; memory is bounded by one row group.
 *
 * <pre>{@code
 * try (PartFileReader rows = snapshot.read(file, List.of("id", "updated_at"))) {
 *   for (Row row = rows.next(); row != null; row = rows.next()) { ... }
 * }
 * }</pre>
 *
 * <p>A column the file does not hold (added to the table after the file was written) reads null.
 */
public final class PartFileReader implements Closeable {

  private final ParquetReader<GenericRecord> reader;
  private final List<Column> columns;
  private final org.apache.beam.sdk.schemas.Schema rowSchema;

  private PartFileReader(ParquetReader<GenericRecord> reader, List<Column> columns) {
    this.reader = reader;
    this.columns = columns;
    this.rowSchema = BeamSchemas.of(columns);
  }

  /**
   * Opens {@code file} to read {@code columns}, stored in the file under {@code fileNames} (their
   * lake names, same order). Rows have the schema {@link BeamSchemas#of} gives {@code columns}.
   */
  public static PartFileReader open(DeltaFile file, List<Column> columns, List<String> fileNames)
      throws IOException {
    if (columns.size() != fileNames.size()) {
      throw new IllegalArgumentException(
          columns.size() + " columns but " + fileNames.size() + " file names");
    }
    Schema projection = AvroSchemas.record("projection", columns, fileNames);
    Configuration conf = new Configuration(false);
    AvroReadSupport.setRequestedProjection(conf, projection);
    AvroReadSupport.setAvroReadSchema(conf, projection);
    ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(BeamInputFile.of(file.location(), file.size()))
            .withDataModel(GenericData.get())
            .withConf(conf)
            .build();
    return new PartFileReader(reader, List.copyOf(columns));
  }

  public org.apache.beam.sdk.schemas.Schema rowSchema() {
    return rowSchema;
  }

  /** The next row, or null after the last. */
  public Row next() throws IOException {
    GenericRecord record = reader.read();
    if (record == null) {
      return null;
    }
    List<Object> values = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Object value = record.get(i);
      values.add(value == null ? null : AvroValues.fromAvro(value, columns.get(i).type()));
    }
    return Row.withSchema(rowSchema).addValues(values).build();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

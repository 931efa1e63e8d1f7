package dev.ferry.transforms.dump;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.types.ColumnType;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json}: what a dump holds and how to check it — the source, every table with its
 * columns and types (enough to rebuild its DDL), row counts, and the size and SHA-256 of every
 * other file of the dump. It is written last: a dump directory without it did not finish.
 *
 * @param format {@value #FORMAT}: readers refuse other formats rather than misread them
 * @param directory the dump directory relative to its prefix ({@code
 *     shop/2026/11/21/shop-20261121})
 * @param schema the PostgreSQL schema {@code schema.sql} and {@code restore.sql} create the tables
 *     in
 * @param files every file of the dump but the manifest, data shards included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DumpManifest(
    String format,
    String name,
    String directory,
    String ferryVersion,
    String runId,
    Source source,
    String started,
    String finished,
    String dataFormat,
    String compression,
    String schema,
    List<ManifestTable> tables,
    List<UserType> types,
    Rejected rejected,
    List<DumpFile> files)
    implements Serializable {

  public static final String FORMAT = "ferry-dump/1";
  public static final String COPY_TEXT = "postgresql-copy-text";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public DumpManifest {
    tables = tables == null ? List.of() : List.copyOf(tables);
    types = types == null ? List.of() : List.copyOf(types);
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** Where the data came from; never a password. */
  public record Source(String kind, String location, String dialect) implements Serializable {}

  /** The rows the dump job rejected and the files under {@code rejected/} that hold them. */
  public record Rejected(long rows, List<String> files) implements Serializable {
    public Rejected {
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /**
   * One dumped table.
   *
   * @param target its name in {@code schema.sql}
   * @param files its shards, in the order {@code restore.sql} loads them
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ManifestTable(
      String name,
      String target,
      long rows,
      long bytes,
      List<ManifestColumn> columns,
      List<String> primaryKey,
      List<ForeignKey> foreignKeys,
      List<Index> indexes,
      List<Check> checks,
      List<String> files)
      implements Serializable {

    public ManifestTable {
      columns = List.copyOf(columns);
      primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
      foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
      indexes = indexes == null ? List.of() : List.copyOf(indexes);
      checks = checks == null ? List.of() : List.copyOf(checks);
      files = files == null ? List.of() : List.copyOf(files);
    }

    /** {@code table} as dumped: its rows and bytes, and the paths of its shards. */
    public static ManifestTable of(
        Table table, String target, long rows, long bytes, List<String> files) {
      return new ManifestTable(
          table.name(),
          target,
          rows,
          bytes,
          table.columns().stream().map(ManifestColumn::of).toList(),
          table.primaryKey(),
          table.foreignKeys(),
          table.indexes(),
          table.checks(),
          files);
    }

    /** The table as an inventory holds it, to plan a restore from. */
    public Table toTable() {
      return new Table(
          name,
          columns.stream().map(ManifestColumn::toColumn).toList(),
          primaryKey,
          foreignKeys,
          indexes,
          rows,
          Optional.empty(),
          checks);
    }
  }

  /**
   * One column: its logical {@code type} (ferry's spelling, e.g. {@code decimal(12,2)}), which the
   * shards' COPY text follows, and what the source declared.
   */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public record ManifestColumn(
      String name,
      String type,
      String sourceType,
      boolean nullable,
      String defaultValue,
      boolean autoIncrement,
      List<String> enumValues,
      String pgType)
      implements Serializable {

    public ManifestColumn {
      // Left out of the JSON when empty, so read back as null: the same column either way.
      enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }

    static ManifestColumn of(Column c) {
      return new ManifestColumn(
          c.name(),
          c.type().toString(),
          c.sourceType(),
          c.nullable(),
          c.defaultValue(),
          c.autoIncrement(),
          c.enumValues(),
          c.pgType());
    }

    Column toColumn() {
      return new Column(
          name,
          sourceType == null ? "" : sourceType,
          ColumnType.parse(type),
          nullable,
          defaultValue,
          autoIncrement,
          enumValues,
          pgType);
    }
  }

  /** The dumped tables as an inventory of the source dialect, to plan a restore from. */
  public Inventory inventory(String location) {
    return new Inventory(
        location,
        source.dialect(),
        tables.stream().map(ManifestTable::toTable).toList(),
        List.of(),
        types);
  }

  /** The table named {@code name}, if the dump holds it. */
  public Optional<ManifestTable> table(String tableName) {
    return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
  }

  /** The file at {@code path}, if the manifest lists it. */
  public Optional<DumpFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the manifest as JSON", e);
    }
  }

  /**
   * Reads a manifest.
   *
   * @throws IllegalArgumentException when {@code json} is not a manifest of {@value #FORMAT}
   */
  public static DumpManifest parse(byte[] json) {
    DumpManifest m;
    try {
      m = JSON.readValue(json, DumpManifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a ferry manifest (invalid JSON): " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a ferry manifest: " + e.getMessage(), e);
    }
    if (m == null) {
      throw new IllegalArgumentException("not a ferry manifest: it is JSON null");
    }
    if (!FORMAT.equals(m.format())) {
      throw new IllegalArgumentException(
          "format '" + m.format() + "' is not " + FORMAT + ", the one this ferry reads");
    }
    if (m.source() == null || m.tables().isEmpty() && m.files().isEmpty()) {
      throw new IllegalArgumentException("the manifest lists no source or no files");
    }
    return m;
  }
}

package dev.ferry.schemas.postgres;

import dev.ferry.schemas.types.ColumnType;

/**
 * Logical types → PostgreSQL column types. The one table for this target.
 *
 * <ul>
 *   <li>{@code boolean, smallint, bigint, real, text, uuid, date} map to the type of the same name;
 *       {@code int} → {@code integer}, {@code double} → {@code double precision}.
 *   <li>{@code decimal(p,s)} → {@code numeric(p,s)}: exact, with the source's precision and scale.
 *   <li>{@code varchar(n)} → {@code varchar(n)}, so the limit still holds; above PostgreSQL's
 *       maximum of {@value #MAX_VARCHAR_LENGTH} characters it is {@code text}.
 *   <li>{@code json} → {@code jsonb}: checked and indexable; ferry already checked each document,
 *       and key order or whitespace of the source text is not kept.
 *   <li>{@code bytes} → {@code bytea}.
 *   <li>{@code time} → {@code time(6)}: microseconds, as ferry carries them.
 *   <li>{@code timestamp} → {@code timestamptz}: ferry's timestamps are instants on the UTC line,
 *       and {@code timestamptz} stores exactly that whatever the session's time zone.
 *   <li>{@code timestamp_local} → {@code timestamp} (without time zone): a wall clock stays a wall
 *       clock and is never shifted by a session's time zone.
 * </ul>
 */
public final class PostgresTypes {

  /** The longest {@code varchar(n)} PostgreSQL accepts. */
  public static final int MAX_VARCHAR_LENGTH = 10_485_760;

  private PostgresTypes() {}

  /** The PostgreSQL type for a column carried as {@code type}, as written in DDL. */
  public static String map(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "boolean";
      case INT16 -> "smallint";
      case INT32 -> "integer";
      case INT64 -> "bigint";
      case FLOAT32 -> "real";
      case FLOAT64 -> "double precision";
      case DECIMAL -> "numeric(" + type.precision() + "," + type.scale() + ")";
      case STRING ->
          type.length() > 0 && type.length() <= MAX_VARCHAR_LENGTH
              ? "varchar(" + type.length() + ")"
              : "text";
      case JSON -> "jsonb";
      case UUID -> "uuid";
      case BYTES -> "bytea";
      case DATE -> "date";
      case TIME -> "time(6)";
      case TIMESTAMP -> "timestamptz";
      case TIMESTAMP_LOCAL -> "timestamp";
    };
  }
}

package dev.ferry.schemas.sql;

/** What a {@link ColumnReader} reports while it reads, for the run summary. */
public interface ReadEvents {

  /** A MySQL zero date ({@code 0000-00-00}) in {@code column} was read as NULL. */
  void zeroDate(String column);

  /** Events that go nowhere, for callers that do not count them. */
  ReadEvents IGNORE = column -> {};
}

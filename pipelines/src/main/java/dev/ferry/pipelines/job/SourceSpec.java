package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.schemas.Secret;
import java.util.List;

/**
 * The job's {@code source:} section.
 *
 * @param tables include globs over table names ({@code *} by default)
 * @param exclude exclude globs, applied after {@code tables}
 * @param timezone zone of date-times the source stores without an offset (default UTC)
 */
public record SourceSpec(
    @JsonProperty(required = true) SourceKind kind,
    @JsonProperty(required = true) String url,
    String user,
    Secret password,
    List<String> tables,
    List<String> exclude,
    String timezone) {

  public SourceSpec {
    tables = tables == null ? List.of("*") : List.copyOf(tables);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    timezone = timezone == null ? "UTC" : timezone;
  }

  /** Source kinds of the job-file contract. */
  public enum SourceKind {
    SQLITE,
    MYSQL,
    POSTGRES,
    MONGODB,
    DUMP
  }
}

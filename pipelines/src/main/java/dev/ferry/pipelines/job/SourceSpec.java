package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.schemas.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's {@code source:} section.
 *
 * @param tables include globs over table names ({@code *} by default)
 * @param exclude exclude globs, applied after {@code tables}
 * @param timezone zone of date-times the source stores without an offset (default UTC)
 * @param sample documents sampled per collection to plan its tables (mongodb; default 1000)
 * @param filter per collection, the query documents are read with (mongodb): a mapping or a string
 *     of Extended JSON, e.g. {@code {status: active}} or {@code '{"due": {"$gte": {"$date":
 *     "2026-01-01T00:00:00Z"}}}'}
 * @param s3 how to reach the store of an {@code s3://} dump
 * @param staging where a dump in S3 is downloaded and checked before it is restored (default: a new
 *     directory in the system's temporary directory); removed after a restore that succeeded
 */
public record SourceSpec(
    @JsonProperty(required = true) SourceKind kind,
    @JsonProperty(required = true) String url,
    String user,
    Secret password,
    List<String> tables,
    List<String> exclude,
    String timezone,
    Integer sample,
    Map<String, JsonNode> filter,
    S3Spec s3,
    String staging) {

  /** Documents sampled per collection when the job does not say. */
  public static final int DEFAULT_SAMPLE = 1_000;

  public SourceSpec {
    tables = tables == null ? List.of("*") : List.copyOf(tables);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    timezone = timezone == null ? "UTC" : timezone;
    filter = filter == null ? Map.of() : Map.copyOf(filter);
  }

  /** Documents sampled per collection: {@code sample}, or {@link #DEFAULT_SAMPLE}. */
  public int sampleSize() {
    return sample == null ? DEFAULT_SAMPLE : sample;
  }

  /** Per collection, its filter as JSON text (a string value as written, a mapping as JSON). */
  public Map<String, String> filterJson() {
    Map<String, String> json = new LinkedHashMap<>();
    filter.forEach((c, node) -> json.put(c, node.isTextual() ? node.textValue() : node.toString()));
    return json;
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

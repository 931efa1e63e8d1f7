package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The job's {@code target:} section.
 *
 * @param path lakehouse root (Delta tables land in {@code <path>/bronze/<table>/}) or dump prefix
 * @param partitionBy per table, the date or timestamp column whose year/month/day partitions the
 *     bronze table; tables not named are partitioned by the ingest date
 */
public record TargetSpec(
    @JsonProperty(required = true) TargetKind kind,
    String path,
    @JsonProperty("partition_by") Map<String, String> partitionBy) {

  public TargetSpec {
    partitionBy = partitionBy == null ? Map.of() : Map.copyOf(partitionBy);
  }

  /** Target kinds of the job-file contract. */
  public enum TargetKind {
    LAKEHOUSE,
    POSTGRES,
    DUMP
  }
}

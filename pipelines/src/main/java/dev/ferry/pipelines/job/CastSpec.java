package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One type override: {@code column: table.column} or {@code source_type: DATETIME}, carried as
 * {@code type} (a logical type spelling such as {@code decimal(12,2)}).
 */
public record CastSpec(
    String column,
    @JsonProperty("source_type") String sourceType,
    @JsonProperty(required = true) String type) {}

package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.schemas.document.FlattenSpec;
import java.util.List;
import java.util.Map;

/**
 * A job file, parsed and checked: where data comes from, what it must look like, where it goes.
 * Immutable; the command line stops at it, and pipelines are built from it.
 *
 * @param maxRejected rows that may go to dead letters before {@code ferry run} exits 1
 * @param flatten per collection (mongodb sources), how its documents become tables; collections not
 *     named are flattened with {@link FlattenSpec#defaults()}
 * @param gold a lakehouse's gold tables: SQL over its silver tables, rebuilt after silver
 */
public record Job(
    @JsonProperty(required = true) String name,
    @JsonProperty(required = true) SourceSpec source,
    @JsonProperty(required = true) TargetSpec target,
    List<CastSpec> casts,
    List<NormalizeSpec> normalize,
    List<RuleSpec> rules,
    @JsonProperty("invalid_utf8") InvalidUtf8 invalidUtf8,
    @JsonProperty("max_rejected") Long maxRejected,
    Map<String, FlattenSpec> flatten,
    List<GoldSpec> gold) {

  public Job {
    casts = casts == null ? List.of() : List.copyOf(casts);
    normalize = normalize == null ? List.of() : List.copyOf(normalize);
    rules = rules == null ? List.of() : List.copyOf(rules);
    invalidUtf8 = invalidUtf8 == null ? InvalidUtf8.REJECT : invalidUtf8;
    maxRejected = maxRejected == null ? 0L : maxRejected;
    flatten = flatten == null ? Map.of() : Map.copyOf(flatten);
    gold = gold == null ? List.of() : List.copyOf(gold);
  }

  /** How {@code collection}'s documents are flattened: as the job says, or the defaults. */
  public FlattenSpec flattenOf(String collection) {
    return flatten.getOrDefault(collection, FlattenSpec.defaults());
  }

  /** What to do with text that is not valid UTF-8. */
  public enum InvalidUtf8 {
    REJECT,
    REPLACE
  }
}

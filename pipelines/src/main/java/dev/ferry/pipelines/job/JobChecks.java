package dev.ferry.pipelines.job;

import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.validate.CheckDigits;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.bson.BsonDocument;

/**
 * The checks a job file must pass before anything connects anywhere: values that parse but make no
 * sense together. Each failure is one line naming the key.
 */
final class JobChecks {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Set<String> STEPS = Set.of("trim", "nfc", "empty_to_null");

  private JobChecks() {}

  static void check(Job job, String file) {
    String at = file + ": ";
    if (!NAME.matcher(job.name()).matches()) {
      throw new JobException(
          at
              + "name: '"
              + job.name()
              + "' must be letters, digits, '_', '-' or '.' (it names files)");
    }
    checkSource(job.source(), at);
    checkTarget(job.target(), at);
    checkFlatten(job, at);
    DumpChecks.checkJob(job, at);
    LakeChecks.checkJob(job, at);
    for (int i = 0; i < job.casts().size(); i++) {
      CastSpec c = job.casts().get(i);
      String key = at + "casts[" + i + "]";
      if ((c.column() == null) == (c.sourceType() == null)) {
        throw new JobException(key + ": give exactly one of column (table.column) or source_type");
      }
      if (c.column() != null) {
        requireTableColumn(c.column(), key + ".column");
      }
      parseType(c.type(), key + ".type");
    }
    for (int i = 0; i < job.normalize().size(); i++) {
      NormalizeSpec n = job.normalize().get(i);
      String key = at + "normalize[" + i + "]";
      requireTableColumn(n.column(), key + ".column");
      for (String step : n.steps()) {
        if (!STEPS.contains(step)) {
          throw new JobException(
              key + ".steps: unknown step '" + step + "' (steps: trim, nfc, empty_to_null)");
        }
      }
    }
    for (int i = 0; i < job.rules().size(); i++) {
      checkRule(job.rules().get(i), at + "rules[" + i + "]");
    }
    if (job.maxRejected() < 0) {
      throw new JobException(at + "max_rejected: must be 0 or more, got " + job.maxRejected());
    }
  }

  private static void checkSource(SourceSpec source, String at) {
    String example =
        switch (source.kind()) {
          case SQLITE -> "jdbc:sqlite:shop.db";
          case MYSQL -> "jdbc:mysql://host:3306/shop";
          case POSTGRES -> "jdbc:postgresql://host:5432/shop";
          case MONGODB -> "mongodb://host:27017/crm";
          case DUMP -> "s3://bucket/prefix/shop/2026/11/21/shop-20261121 or a local directory";
          default ->
              throw new JobException(
                  at
                      + "source.kind: '"
                      + source.kind().name().toLowerCase(Locale.ROOT)
                      + "' sources are not available in this version of ferry"
                      + " (available: sqlite, mysql, postgres, mongodb, dump)");
        };
    String url = source.url().toLowerCase(Locale.ROOT);
    boolean matches =
        switch (source.kind()) {
          case SQLITE -> url.startsWith("jdbc:sqlite:");
          case MYSQL -> url.startsWith("jdbc:mysql://") || url.startsWith("jdbc:mariadb://");
          case MONGODB -> MongoLogin.isMongoUrl(url);
          case DUMP -> url.startsWith("s3://") || !(url.contains("://") || url.startsWith("jdbc:"));
          default -> url.startsWith("jdbc:postgresql://");
        };
    if (source.url().isBlank() || !matches) {
      throw new JobException(
          at
              + "source.url: a "
              + source.kind().name().toLowerCase(Locale.ROOT)
              + " source needs a URL like "
              + example);
    }
    if (JdbcLogin.hasCredentials(source.url())) {
      throw new JobException(
          at
              + "source.url: has credentials in the URL (user:password@host); use the source's"
              + " user and password keys (password: ${ENV_VAR})");
    }
    if (source.url().startsWith("jdbc:") && !source.url().startsWith("jdbc:sqlite:")) {
      checkPort(source.url(), at + "source.url");
    }
    if (source.tables().isEmpty()) {
      throw new JobException(at + "source.tables: list at least one table or glob, e.g. [\"*\"]");
    }
    if (source.kind() == SourceSpec.SourceKind.DUMP) {
      DumpChecks.checkS3(source.s3(), source.url(), at + "source");
      DumpChecks.checkSource(source, at);
    } else if (source.s3() != null || source.staging() != null) {
      throw new JobException(
          at
              + "source."
              + (source.s3() != null ? "s3" : "staging")
              + ": only a dump source takes it (this one is "
              + source.kind().name().toLowerCase(Locale.ROOT)
              + ")");
    }
    if (source.kind() == SourceSpec.SourceKind.MONGODB) {
      checkMongoSource(source, at);
    } else if (source.sample() != null || !source.filter().isEmpty()) {
      throw new JobException(
          at
              + "source."
              + (source.sample() != null ? "sample" : "filter")
              + ": only a mongodb source takes it (this one is "
              + source.kind().name().toLowerCase(Locale.ROOT)
              + ")");
    }
    try {
      ZoneId.of(source.timezone());
    } catch (DateTimeException e) {
      throw new JobException(
          at
              + "source.timezone: '"
              + source.timezone()
              + "' is not a time zone (e.g. UTC, Europe/Paris)");
    }
  }

  private static void checkMongoSource(SourceSpec source, String at) {
    try {
      MongoLogin.of(source.url(), source.user(), source.password());
    } catch (IllegalArgumentException e) {
      throw new JobException(at + "source.url: " + e.getMessage());
    }
    if (source.sampleSize() < 1) {
      throw new JobException(
          at + "source.sample: sample at least 1 document per collection, got " + source.sample());
    }
    source
        .filterJson()
        .forEach(
            (collection, json) -> {
              try {
                BsonDocument.parse(json);
              } catch (RuntimeException e) {
                throw new JobException(
                    at
                        + "source.filter."
                        + collection
                        + ": not a query document in (Extended) JSON: "
                        + e.getMessage());
              }
            });
  }

  private static void checkFlatten(Job job, String at) {
    boolean documents = job.source().kind() == SourceSpec.SourceKind.MONGODB;
    if (!job.flatten().isEmpty() && !documents) {
      throw new JobException(
          at + "flatten: only documents are flattened; this job's source is " + sourceKind(job));
    }
    if (documents && job.rules().stream().anyMatch(RuleSpec::unique)) {
      throw new JobException(
          at
              + "rules: unique is not checked across documents; declare a unique index in the"
              + " target instead (its violations become dead letters)");
    }
    if (documents && !job.casts().isEmpty()) {
      throw new JobException(
          at
              + "casts: a mongodb source's types come from flattening: give the type as a path's"
              + " cast (flatten.<collection>.paths.<path>: {cast: decimal(14,2)})");
    }
  }

  static String sourceKind(Job job) {
    return job.source().kind().name().toLowerCase(Locale.ROOT);
  }

  private static void checkPort(String url, String key) {
    JdbcLogin.badPort(url)
        .ifPresent(
            port -> {
              throw new JobException(key + ": '" + port + "' is not a port (1 to 65535)");
            });
  }

  private static void checkTarget(TargetSpec target, String at) {
    if (target.kind() != TargetSpec.TargetKind.DUMP) {
      if (target.s3() != null) {
        throw new JobException(
            at + "target.s3: only a dump target takes S3 settings in this version of ferry");
      }
      if (target.compression() != null
          || target.shardRows() != null
          || target.compressionLevel() != null) {
        throw new JobException(
            at
                + "target."
                + (target.compression() != null
                    ? "compression"
                    : target.shardRows() != null ? "shard_rows" : "compression_level")
                + ": only a dump target takes it");
      }
    }
    switch (target.kind()) {
      case DUMP -> DumpChecks.checkTarget(target, at);
      case LAKEHOUSE -> {
        if (target.path() == null || target.path().isBlank()) {
          throw new JobException(at + "target.path: the lakehouse root is required, e.g. lake/");
        }
        if (target.path().contains("://")) {
          throw new JobException(
              at
                  + "target.path: a lakehouse is written to a local or mounted directory in this"
                  + " version of ferry ("
                  + target.path()
                  + " is not one); Delta logs on object stores are not supported yet");
        }
        for (String key :
            List.of("url", "user", "password", "mode", "upsert_keys", "enums", "nul_bytes")) {
          if (postgresKeySet(target, key)) {
            throw new JobException(
                at + "target." + key + ": only a postgres target takes it (this one is lakehouse)");
          }
        }
      }
      case POSTGRES -> {
        if (target.url() == null
            || !target.url().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql://")) {
          throw new JobException(
              at + "target.url: a postgres target needs a URL like jdbc:postgresql://host:5432/db");
        }
        if (JdbcLogin.hasCredentials(target.url())) {
          throw new JobException(
              at
                  + "target.url: has credentials in the URL (user:password@host); use the"
                  + " target's user and password keys (password: ${ENV_VAR})");
        }
        checkPort(target.url(), at + "target.url");
        if (target.path() != null || !target.partitionBy().isEmpty()) {
          throw new JobException(
              at
                  + "target."
                  + (target.path() != null ? "path" : "partition_by")
                  + ": only lakehouse and dump targets take it (this one is postgres)");
        }
        if (target.schema().isBlank()) {
          throw new JobException(at + "target.schema: must name a schema, e.g. public");
        }
        if (!target.upsertKeys().isEmpty() && target.mode() != TargetSpec.Mode.UPSERT) {
          throw new JobException(
              at
                  + "target.upsert_keys: only mode upsert merges on a key (mode is "
                  + target.mode().name().toLowerCase(Locale.ROOT)
                  + ")");
        }
      }
      default ->
          throw new JobException(
              at
                  + "target.kind: '"
                  + target.kind().name().toLowerCase(Locale.ROOT)
                  + "' targets are not available in this version of ferry"
                  + " (available: lakehouse, postgres, dump)");
    }
  }

  static boolean postgresKeySet(TargetSpec t, String key) {
    return switch (key) {
      case "url" -> t.url() != null;
      case "user" -> t.user() != null;
      case "password" -> t.password() != null;
      case "mode" -> t.mode() != TargetSpec.Mode.CREATE;
      case "enums" -> t.enums() != TargetSpec.Enums.CHECK;
      case "nul_bytes" -> t.nulBytes() != TargetSpec.NulBytes.REJECT;
      default -> !t.upsertKeys().isEmpty();
    };
  }

  private static void checkRule(RuleSpec rule, String key) {
    requireTableColumn(rule.column(), key + ".column");
    if (rule.column().contains("*")) {
      throw new JobException(key + ".column: rules name one column exactly, not a glob");
    }
    if (rule.type() != null) {
      parseType(rule.type(), key + ".type");
    }
    if (rule.regex() != null) {
      try {
        Pattern.compile(rule.regex());
      } catch (PatternSyntaxException e) {
        throw new JobException(
            key + ".regex: not a valid regular expression: " + e.getDescription());
      }
    }
    if (rule.in() != null && rule.in().isEmpty()) {
      throw new JobException(key + ".in: list at least one allowed value");
    }
    if (rule.range() != null && rule.range().min() == null && rule.range().max() == null) {
      throw new JobException(key + ".range: give min, max or both");
    }
    if (rule.checkDigits() != null) {
      try {
        CheckDigits.parse(rule.checkDigits());
      } catch (IllegalArgumentException e) {
        throw new JobException(key + ".check_digits: " + e.getMessage());
      }
    }
    if (rule.when() != null) {
      checkWhen(rule, key + ".when");
    }
    boolean any =
        rule.notNull()
            || rule.unique()
            || rule.type() != null
            || rule.range() != null
            || rule.regex() != null
            || rule.in() != null
            || rule.checkDigits() != null
            || rule.ascending();
    if (!any) {
      throw new JobException(
          key
              + ": no rule given for "
              + rule.column()
              + " (not_null, type, range, regex, in, unique, check_digits, ascending;"
              + " when only limits them to some rows)");
    }
  }

  private static void checkWhen(RuleSpec rule, String key) {
    if (rule.when().isEmpty()) {
      throw new JobException(
          key + ": name at least one column and its value, e.g. {kind: CPF}, or leave when out");
    }
    for (Map.Entry<String, String> e : rule.when().entrySet()) {
      if (e.getValue() == null) {
        throw new JobException(
            key
                + "."
                + e.getKey()
                + ": give a value (where the column is NULL the rule does not apply, so it"
                + " never would)");
      }
    }
    if (rule.unique()) {
      throw new JobException(
          key
              + ": does not apply to unique, which compares every row of the table;"
              + " give unique a rule of its own");
    }
  }

  private static void requireTableColumn(String value, String key) {
    List<String> parts = List.of(value.split("\\.", -1));
    if (parts.size() != 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
      throw new JobException(key + ": '" + value + "' must be table.column");
    }
  }

  static ColumnType parseType(String type, String key) {
    try {
      return ColumnType.parse(type);
    } catch (IllegalArgumentException e) {
      throw new JobException(key + ": " + e.getMessage());
    }
  }
}

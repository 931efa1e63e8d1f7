package dev.ferry.transforms.verify;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.transforms.postgres.PostgresTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;

/**
 * Counts the orphans of each foreign key in a PostgreSQL target with one anti-join per key, run by
 * PostgreSQL itself: its planner hashes or merges the two tables with its own memory and disk, so
 * the count needs no memory here whatever the tables' sizes. Checks run in parallel, one per
 * worker.
 *
 * <p>A child row is an orphan when every referencing column is non-NULL and no parent row holds the
 * same values ({@code MATCH SIMPLE}, PostgreSQL's default: a row with a NULL in its foreign key is
 * not checked). Counts go to {@link VerifyMetrics#ORPHANS} of the child table, and up to {@code
 * sample} orphans, smallest keys first, to its samples.
 */
public final class CountPostgresOrphans extends PTransform<PBegin, PDone> {
  private static final long serialVersionUID = 1L;

  private final PostgresTarget target;
  private final List<OrphanCheck> checks;
  private final int sample;

  private CountPostgresOrphans(PostgresTarget target, List<OrphanCheck> checks, int sample) {
    this.target = target;
    this.checks = checks;
    this.sample = sample;
  }

  public static CountPostgresOrphans in(
      PostgresTarget target, List<OrphanCheck> checks, int sample) {
    return new CountPostgresOrphans(target, List.copyOf(checks), sample);
  }

  @Override
  public PDone expand(PBegin begin) {
    if (!checks.isEmpty()) {
      begin
          .apply(
              "Foreign keys", Create.of(checks).withCoder(SerializableCoder.of(OrphanCheck.class)))
          .apply("Spread", Reshuffle.viaRandomKey())
          .apply("Count orphans", ParDo.of(new CountFn(target, sample)));
    }
    return PDone.in(begin.getPipeline());
  }

  /** {@code FROM child c WHERE c.a IS NOT NULL AND NOT EXISTS (parent p WHERE p.x = c.a)}. */
  static String orphansOf(OrphanCheck check) {
    String notNull =
        check.childColumns().stream()
            .map(c -> "c." + Identifiers.quote(c) + " IS NOT NULL")
            .collect(Collectors.joining(" AND "));
    String matches =
        IntStream.range(0, check.childColumns().size())
            .mapToObj(
                i ->
                    "p."
                        + Identifiers.quote(check.parentColumns().get(i))
                        + " = c."
                        + Identifiers.quote(check.childColumns().get(i)))
            .collect(Collectors.joining(" AND "));
    return " FROM "
        + check.childTable()
        + " c WHERE "
        + notNull
        + " AND NOT EXISTS (SELECT 1 FROM "
        + check.parentTarget()
        + " p WHERE "
        + matches
        + ")";
  }

  static final class CountFn extends DoFn<OrphanCheck, Void> {
    private static final long serialVersionUID = 1L;
    private final PostgresTarget target;
    private final int sample;

    CountFn(PostgresTarget target, int sample) {
      this.target = target;
      this.sample = sample;
    }

    @ProcessElement
    public void process(@Element OrphanCheck check) {
      String from = orphansOf(check);
      try (Connection c = target.connect();
          Statement s = c.createStatement()) {
        long orphans;
        try (ResultSet rs = s.executeQuery("SELECT count(*)" + from)) {
          rs.next();
          orphans = rs.getLong(1);
        }
        VerifyMetrics.counter(check.table(), VerifyMetrics.ORPHANS).inc(orphans);
        if (orphans > 0 && sample > 0) {
          samples(s, check, from);
        }
      } catch (SQLException e) {
        throw new SourceException(
            "cannot count orphans of foreign key "
                + check.name()
                + " of table "
                + check.table()
                + " in "
                + target.displayUrl()
                + ": "
                + e.getMessage(),
            e);
      }
    }

    private void samples(Statement s, OrphanCheck check, String from) throws SQLException {
      List<String> shown = new ArrayList<>(check.childKey());
      check.childColumns().stream().filter(c -> !shown.contains(c)).forEach(shown::add);
      String order =
          (check.childKey().isEmpty() ? check.childColumns() : check.childKey())
              .stream().map(k -> "c." + Identifiers.quote(k)).collect(Collectors.joining(", "));
      String select =
          shown.stream().map(k -> "c." + Identifiers.quote(k)).collect(Collectors.joining(", "));
      try (ResultSet rs =
          s.executeQuery("SELECT " + select + from + " ORDER BY " + order + " LIMIT " + sample)) {
        while (rs.next()) {
          List<String> key = new ArrayList<>();
          List<String> value = new ArrayList<>();
          for (int i = 0; i < shown.size(); i++) {
            String text = shown.get(i) + "=" + RowImages.show(rs.getObject(i + 1));
            if (i < check.childKey().size()) {
              key.add(text);
            }
            if (check.childColumns().contains(shown.get(i))) {
              value.add(text);
            }
          }
          VerifyMetrics.samples(check.table())
              .add(
                  RowDiff.orphan(
                          String.join(", ", key.isEmpty() ? value : key),
                          check.childColumns(),
                          String.join(", ", value)
                              + " has no row in "
                              + check.parentTable()
                              + " (foreign key "
                              + check.name()
                              + ")")
                      .line());
        }
      }
    }
  }
}

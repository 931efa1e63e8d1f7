package dev.ferry.transforms.verify;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.TestPipelineExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows of both sides joined by key: each difference named once, equal rows dropped, keys held by
 * several rows paired as multisets, rows the target refused at write accounted for.
 */
@ExtendWith(TestPipelineExtension.class)
class DiffRowsTest {

  private static final List<Column> COLUMNS =
      List.of(
          column("id", ColumnType.of(Kind.INT64)),
          column("name", ColumnType.string(0)),
          column("price", ColumnType.decimal(10, 2)));
  private static final List<String> NAMES = List.of("id", "name", "price");
  private static final CanonicalRow CANONICAL = CanonicalRow.of(COLUMNS);

  private static Column column(String name, ColumnType type) {
    return new Column(name, type.toString(), type, true, null);
  }

  private static Row row(long id, String name, String price) {
    return Row.withSchema(BeamSchemas.of(COLUMNS))
        .attachValues(
            new ArrayList<>(Arrays.asList(id, name, price == null ? null : new BigDecimal(price))));
  }

  private static PCollection<RowDiff> diff(
      TestPipeline p, List<Row> source, List<Row> target, List<Integer> key, DiffRows diffRows) {
    return PCollectionTuple.of(DiffRows.SOURCE, images(p, "Source", source, key))
        .and(DiffRows.TARGET, images(p, "Target", target, key))
        .apply("Diff", diffRows);
  }

  private static PCollection<KV<byte[], RowImage>> images(
      TestPipeline p, String name, List<Row> rows, List<Integer> key) {
    List<KV<byte[], RowImage>> images = new ArrayList<>();
    rows.forEach(r -> images.add(RowImages.of(r, COLUMNS, CANONICAL, key)));
    return p.apply(
        name, Create.of(images).withCoder(KvCoder.of(ByteArrayCoder.of(), RowImage.CODER)));
  }

  @Test
  void missingExtraAndChangedRowsAreNamedAndEqualOnesDropped(TestPipeline p) {
    PCollection<RowDiff> diffs =
        diff(
            p,
            List.of(
                row(1, "a", "1.50"), row(2, "b", "2.00"), row(3, "c", "3.00"), row(4, "d", null)),
            List.of(
                row(1, "a", "1.5"), row(3, "c", "3.01"), row(4, "D", "4.00"), row(5, "e", "5.00")),
            List.of(0),
            DiffRows.naming(NAMES));
    PAssert.that(diffs)
        .containsInAnyOrder(
            RowDiff.missing("id=2"),
            new RowDiff(RowDiff.Kind.CHANGED, "id=3", List.of("price"), "price 3.00 → 3.01"),
            new RowDiff(
                RowDiff.Kind.CHANGED,
                "id=4",
                List.of("name", "price"),
                "name 'd' → 'D', price NULL → 4.00"),
            RowDiff.extra("id=5"));
    p.run().waitUntilFinish();
  }

  @Test
  void rowsSpreadOverManyGroupsAreStillJoinedByKey(TestPipeline p) {
    // 5,000 rows on each side: five groups or so, each key's rows in one of them
    List<Row> source = new ArrayList<>();
    List<Row> target = new ArrayList<>();
    List<RowDiff> expected = new ArrayList<>();
    for (long id = 1; id <= 5_000; id++) {
      source.add(row(id, "n" + id, "1.00"));
      if (id % 997 == 0) {
        expected.add(RowDiff.missing("id=" + id));
      } else if (id % 1_009 == 0) {
        target.add(row(id, "n" + id, "2.00"));
        expected.add(
            new RowDiff(RowDiff.Kind.CHANGED, "id=" + id, List.of("price"), "price 1.00 → 2.00"));
      } else {
        target.add(row(id, "n" + id, "1.0"));
      }
    }
    target.add(row(9_999, "extra", null));
    expected.add(RowDiff.extra("id=9999"));
    PAssert.that(diff(p, source, target, List.of(0), DiffRows.naming(NAMES)))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void keysHeldBySeveralRowsPairAsMultisets(TestPipeline p) {
    PCollection<RowDiff> diffs =
        diff(
            p,
            List.of(
                row(6, "x", null),
                row(7, "p", null),
                row(7, "q", null),
                row(8, "p", null),
                row(8, "q", null),
                row(9, "s", null),
                row(9, "s", null)),
            List.of(
                row(6, "x", null),
                row(6, "y", null),
                row(7, "q", null),
                row(8, "r", null),
                row(8, "q", null),
                row(9, "s", null),
                row(9, "s", null)),
            List.of(0),
            DiffRows.naming(NAMES));
    // 6: loaded twice, one of them other; 7: one row fewer; 8: q pairs with q, p with r; 9: equal
    PAssert.that(diffs)
        .containsInAnyOrder(
            RowDiff.extra("id=6"),
            RowDiff.missing("id=7"),
            new RowDiff(RowDiff.Kind.CHANGED, "id=8", List.of("name"), "name 'p' → 'r'"));
    p.run().waitUntilFinish();
  }

  @Test
  void keylessRowsAreKeyedByAllTheirValues(TestPipeline p) {
    PCollection<RowDiff> diffs =
        diff(
            p,
            List.of(row(1, "a", null), row(1, "a", null), row(2, "b", "2.00"), row(3, "c", "1")),
            List.of(row(1, "a", null), row(2, "b", "2.0"), row(3, "C", "1"), row(4, "d", "4")),
            List.of(),
            DiffRows.naming(NAMES));
    // a changed keyless row is another row: one missing, one extra, never changed
    PAssert.that(diffs)
        .containsInAnyOrder(
            RowDiff.missing("(1, 'a', NULL)"),
            RowDiff.missing("(3, 'c', 1)"),
            RowDiff.extra("(3, 'C', 1)"),
            RowDiff.extra("(4, 'd', 4)"));
    p.run().waitUntilFinish();
  }

  @Test
  void rowsTheTargetRefusedAtWriteAreRejectedNotMissing(TestPipeline p) {
    PCollection<RowDiff> diffs =
        diff(
            p,
            List.of(row(1, "a", null), row(2, "b", null), row(3, "c", null)),
            List.of(row(1, "a", null), row(4, "d", null)),
            List.of(0),
            DiffRows.naming(NAMES).rejectedAtWrite(Set.of("id=2", "id=4")));
    // id=4 is extra whatever the dead letters say: only missing rows can have been refused
    PAssert.that(diffs)
        .containsInAnyOrder(
            RowDiff.rejected("id=2"), RowDiff.missing("id=3"), RowDiff.extra("id=4"));
    p.run().waitUntilFinish();
  }

  @Test
  void equalSidesGiveNoDifference(TestPipeline p) {
    List<Row> rows = List.of(row(1, "a", "1.00"), row(2, null, null));
    PAssert.that(diff(p, rows, rows, List.of(0), DiffRows.naming(NAMES))).empty();
    p.run().waitUntilFinish();
  }
}

package dev.ferry.pipelines.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  private static TableCounts counts(String table, long read, long written, long rejected) {
    return new TableCounts(table, read, written, rejected, 0, 1.0, false, 0);
  }

  @Test
  void aTableJobTotalsItsRows() {
    RunSummary s =
        new RunSummary(
            "shop",
            "r1",
            "direct",
            "t",
            "dl",
            2.0,
            0,
            List.of(counts("orders", 10, 9, 1), counts("items", 20, 20, 0)));
    assertFalse(s.countsDocuments());
    assertEquals(30, s.totalRead());
    assertEquals(1, s.totalRejected());
    assertTrue(s.text().contains("1 rejected rows are in dl"), s.text());
    assertTrue(s.overRejectLimit());
  }

  @Test
  void aDocumentJobTotalsDocumentsNotTheirRowsTwice() {
    RunSummary s =
        new RunSummary(
            "contracts",
            "r1",
            "direct",
            "t",
            "dl",
            2.0,
            5,
            List.of(
                counts("contracts (documents)", 60, 55, 5),
                counts("clients", 55, 55, 0),
                counts("installments", 900, 900, 0)));
    assertTrue(s.countsDocuments());
    assertEquals(60, s.totalRead());
    assertEquals(55, s.totalWritten());
    assertEquals(5, s.totalRejected());
    assertFalse(s.overRejectLimit(), "5 documents rejected, max_rejected 5");
    String text = s.text();
    assertTrue(text.contains("\ntotal (documents)              60         55          5"), text);
    assertTrue(text.contains("5 rejected documents are in dl"), text);
  }

  @Test
  void aLakehouseRunTotalsItsSourceLinesAndCountsEveryLayersRejects() {
    RunSummary s =
        new RunSummary(
            "shop",
            "r1",
            "direct",
            "t",
            "dl",
            2.0,
            5,
            List.of(
                counts("orders", 10, 9, 1),
                new TableCounts("orders (silver)", 18, 7, 2, 0, 1.0, false, 0, 9),
                counts("revenue (gold)", 3, 3, 0)));
    assertTrue(s.reconciles(), "silver: 18 = 7 + 2 + 9 superseded");
    assertEquals(10, s.totalRead());
    assertEquals(9, s.totalWritten());
    assertEquals(3, s.totalRejected(), "bronze's and silver's dead letters");
    assertTrue(s.text().contains("superseded"), s.text());
    assertTrue(s.text().matches("(?s).*\ntotal\s+10\s+9\s+1\s.*"), s.text());
    assertTrue(s.text().contains("3 rejected rows are in dl"), s.text());
  }

  @Test
  void aRunOfOnlyDerivedLayersTotalsThem() {
    RunSummary s =
        new RunSummary(
            "shop",
            "r1",
            "direct",
            "t",
            "dl",
            2.0,
            0,
            List.of(new TableCounts("orders (silver)", 18, 7, 2, 0, 1.0, false, 0, 9)));
    assertEquals(18, s.totalRead());
    assertEquals(7, s.totalWritten());
    assertEquals(2, s.totalRejected());
  }

  @Test
  void supersededRowsThatDoNotAddUpAreAMismatch() {
    TableCounts wrong = new TableCounts("orders (silver)", 18, 7, 2, 0, 1.0, false, 0, 8);
    assertFalse(wrong.reconciles());
    RunSummary s = new RunSummary("shop", "r1", "direct", "t", "dl", 2.0, 5, List.of(wrong));
    assertTrue(s.text().contains("+ superseded 8"), s.text());
  }
}

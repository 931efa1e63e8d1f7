package dev.ferry.transforms.delta;

import static dev.ferry.transforms.delta.DeltaTestTable.day;
import static dev.ferry.transforms.delta.DeltaTestTable.ids;
import static dev.ferry.transforms.delta.DeltaTestTable.rows;
import static dev.ferry.transforms.delta.DeltaTestTable.rowsOfDay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.exceptions.ConcurrentAppendException;
import io.delta.standalone.exceptions.ConcurrentTransactionException;
import io.delta.standalone.exceptions.ProtocolChangedException;
import io.delta.standalone.expressions.Literal;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StructType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers racing on one table, on real threads. A latch holds both between reading the snapshot
 * and committing, so both always commit against the same version.
 */
class DeltaConcurrencyTest {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  // --- What delta-standalone 3.3.2 does by itself -------------------------------------------

  @Test
  void standaloneRetriesBlindAppendsByItself() {
    DeltaTestTable t = table();
    t.committer().append(t.files(1, 1, 1));
    DeltaLog log = DeltaLog.forTable(new Configuration(), t.path);
    OptimisticTransaction a = log.startTransaction();
    OptimisticTransaction b = log.startTransaction();
    assertEquals(1, a.commit(adds(t.files(2, 2, 2)), write(), "a").getVersion());
    // b read version 0 and lost the race, but read no files: standalone re-checks and commits.
    assertEquals(2, b.commit(adds(t.files(3, 3, 3)), write(), "b").getVersion());
    assertEquals(List.of(1L, 2L, 3L), ids(rows(DeltaKernelReader.latest(t.path))));
  }

  @Test
  void standaloneRefusesAnAppendIntoFilesAnotherTransactionRead() {
    DeltaTestTable t = table();
    t.committer().append(t.files(1, 1, 1));
    DeltaLog log = DeltaLog.forTable(new Configuration(), t.path);
    OptimisticTransaction a = log.startTransaction();
    OptimisticTransaction b = log.startTransaction();
    a.markFilesAsRead(Literal.True);
    b.markFilesAsRead(Literal.True);
    a.commit(adds(t.files(2, 2, 2)), write(), "a");
    assertThrows(
        ConcurrentAppendException.class, () -> b.commit(adds(t.files(2, 3, 3)), write(), "b"));
  }

  @Test
  void standaloneRefusesTheSameTransactionIdTwice() {
    DeltaTestTable t = table();
    t.committer().append(t.files(1, 1, 1));
    DeltaLog log = DeltaLog.forTable(new Configuration(), t.path);
    OptimisticTransaction a = log.startTransaction();
    OptimisticTransaction b = log.startTransaction();
    a.txnVersion("app");
    b.txnVersion("app");
    a.commit(withTxn(adds(t.files(2, 2, 2))), write(), "a");
    assertThrows(
        ConcurrentTransactionException.class,
        () -> b.commit(withTxn(adds(t.files(2, 3, 3))), write(), "b"));
  }

  @Test
  void standaloneRefusesTwoWritersCreatingOneTable() {
    DeltaTestTable t = table();
    DeltaLog log = DeltaLog.forTable(new Configuration(), t.path);
    OptimisticTransaction a = log.startTransaction();
    OptimisticTransaction b = log.startTransaction();
    Metadata metadata =
        Metadata.builder().schema(new StructType().add("id", new LongType())).build();
    a.updateMetadata(metadata);
    b.updateMetadata(metadata);
    a.commit(List.<Action>of(), write(), "a");
    assertThrows(ProtocolChangedException.class, () -> b.commit(List.<Action>of(), write(), "b"));
  }

  // --- What DeltaCommitter makes of it --------------------------------------------------------

  @RepeatedTest(5)
  void concurrentAppendsBothCommit() throws Exception {
    DeltaTestTable t = table();
    t.committer().append(t.files(1, 1, 1));
    CountDownLatch bothRead = new CountDownLatch(2);
    List<DeltaFile> a = t.files(2, 10, 11);
    List<DeltaFile> b = t.files(2, 20, 21);
    List<DeltaCommit> commits =
        race(
            () -> t.committer().withBeforeCommit(meet(bothRead)).append(a),
            () -> t.committer().withBeforeCommit(meet(bothRead)).append(b));
    assertEquals(Set.of(1L, 2L), versions(commits));
    assertEquals(List.of(1L, 10L, 11L, 20L, 21L), ids(rows(DeltaKernelReader.latest(t.path))));
    // Commits went through AtomicLocalLogStore (Hadoop's local store leaves .json.crc files): with
    // the default store about one race in 20-40 overwrote a commit and left the table unreadable.
    try (Stream<Path> log = Files.list(Path.of(t.path, "_delta_log"))) {
      assertEquals(
          List.of(),
          log.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".crc")).toList());
    }
  }

  @RepeatedTest(5)
  void concurrentCreatorsBothCommit() throws Exception {
    DeltaTestTable t = table();
    CountDownLatch bothRead = new CountDownLatch(2);
    List<DeltaFile> a = t.files(1, 1, 1);
    List<DeltaFile> b = t.files(2, 2, 2);
    List<DeltaCommit> commits =
        race(
            () -> t.committer().withBeforeCommit(meet(bothRead)).append(a),
            () -> t.committer().withBeforeCommit(meet(bothRead)).append(b));
    assertEquals(Set.of(0L, 1L), versions(commits));
    assertEquals(List.of(1L, 2L), ids(rows(DeltaKernelReader.latest(t.path))));
  }

  @RepeatedTest(5)
  void concurrentReplacesOfOnePartitionEndAsIfSerial() throws Exception {
    DeltaTestTable t = table();
    List<DeltaFile> threeDays = new ArrayList<>(t.files(1, 1, 2));
    threeDays.addAll(t.files(2, 3, 4));
    threeDays.addAll(t.files(3, 5, 6));
    t.committer().append(threeDays);
    CountDownLatch bothRead = new CountDownLatch(2);
    PartitionSet day2 = PartitionSet.of(List.of(day(2)));
    List<DeltaFile> a = t.files(2, 10, 12);
    List<DeltaFile> b = t.files(2, 20, 22);
    List<DeltaCommit> commits =
        race(
            () -> t.committer().withBeforeCommit(meet(bothRead)).replace(day2, a),
            () -> t.committer().withBeforeCommit(meet(bothRead)).replace(day2, b));
    assertEquals(Set.of(1L, 2L), versions(commits));

    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertEquals(2, table.version());
    List<Long> day2Ids = ids(rowsOfDay(table, 2));
    // The later commit replaced the earlier one's rows: never both, never the original.
    long lastVersionWriter = commits.get(0).version() == 2 ? 10L : 20L;
    assertEquals(List.of(lastVersionWriter, lastVersionWriter + 1, lastVersionWriter + 2), day2Ids);
    assertEquals(List.of(1L, 2L), ids(rowsOfDay(table, 1)));
    assertEquals(List.of(5L, 6L), ids(rowsOfDay(table, 3)));
    // Each version is consistent on its own.
    assertEquals(7, DeltaKernelReader.atVersion(t.path, 1).rows().size());
  }

  @RepeatedTest(5)
  void replaceAndAppendToAnotherPartitionBothLand() throws Exception {
    DeltaTestTable t = table();
    List<DeltaFile> twoDays = new ArrayList<>(t.files(2, 3, 4));
    twoDays.addAll(t.files(3, 5, 6));
    t.committer().append(twoDays);
    CountDownLatch bothRead = new CountDownLatch(2);
    List<DeltaFile> replacement = t.files(2, 30, 30);
    List<DeltaFile> appended = t.files(3, 7, 7);
    race(
        () ->
            t.committer()
                .withBeforeCommit(meet(bothRead))
                .replace(PartitionSet.of(List.of(day(2))), replacement),
        () -> t.committer().withBeforeCommit(meet(bothRead)).append(appended));
    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertEquals(2, table.version());
    assertEquals(List.of(30L), ids(rowsOfDay(table, 2)));
    assertEquals(List.of(5L, 6L, 7L), ids(rowsOfDay(table, 3)));
  }

  @RepeatedTest(5)
  void writersAddingDifferentColumnsBothLand() throws Exception {
    DeltaTestTable t = table();
    t.committer().append(t.files(1, 1, 1));
    List<Column> withX = new ArrayList<>(DeltaTestTable.COLUMNS);
    withX.add(DeltaTestTable.col("x", Kind.STRING, true));
    List<Column> withY = new ArrayList<>(DeltaTestTable.COLUMNS);
    withY.add(DeltaTestTable.col("y", Kind.STRING, true));
    CountDownLatch bothRead = new CountDownLatch(2);
    List<DeltaFile> a = t.files(withX, 2, 2, 2);
    List<DeltaFile> b = t.files(withY, 2, 3, 3);
    race(
        () -> t.committer(withX).withBeforeCommit(meet(bothRead)).append(a),
        () -> t.committer(withY).withBeforeCommit(meet(bothRead)).append(b));
    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertTrue(
        table.schema().fieldNames().containsAll(List.of("x", "y")), table.schema().toString());
    List<Map<String, Object>> rows = rows(table);
    assertEquals(List.of(1L, 2L, 3L), ids(rows));
    assertEquals("x-2", rows.get(1).get("x"));
    assertNull(rows.get(1).get("y"));
    assertEquals("y-3", rows.get(2).get("y"));
  }

  @RepeatedTest(5)
  void theSameRunCommittedTwiceAtOnceLandsOnce() throws Exception {
    DeltaTestTable t = table();
    t.committer().append(t.files(1, 1, 1));
    CountDownLatch bothRead = new CountDownLatch(2);
    List<DeltaFile> a = t.files(2, 10, 10);
    List<DeltaFile> b = t.files(2, 10, 10);
    List<DeltaCommit> commits =
        race(
            () -> t.committer("run", 5).withBeforeCommit(meet(bothRead)).append(a),
            () -> t.committer("run", 5).withBeforeCommit(meet(bothRead)).append(b));
    assertEquals(1, commits.stream().filter(DeltaCommit::skipped).count(), commits.toString());
    assertEquals(List.of(1L, 10L), ids(rows(DeltaKernelReader.latest(t.path))));
  }

  @Test
  void failsWithOneLineWhenOutOfAttempts() throws Exception {
    DeltaTestTable t = table();
    t.committer().append(t.files(2, 1, 1));
    CountDownLatch bothRead = new CountDownLatch(2);
    PartitionSet day2 = PartitionSet.of(List.of(day(2)));
    List<DeltaFile> a = t.files(2, 10, 10);
    List<DeltaFile> b = t.files(2, 20, 20);
    Future<DeltaCommit> first =
        threads.submit(
            () ->
                t.committer().withMaxAttempts(1).withBeforeCommit(meet(bothRead)).replace(day2, a));
    Future<DeltaCommit> second =
        threads.submit(
            () ->
                t.committer().withMaxAttempts(1).withBeforeCommit(meet(bothRead)).replace(day2, b));
    List<Throwable> failures = new ArrayList<>();
    for (Future<DeltaCommit> f : List.of(first, second)) {
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    assertEquals(1, failures.size(), failures.toString());
    SourceException e = assertInstanceOf(SourceException.class, failures.get(0));
    assertTrue(e.getMessage().startsWith("cannot write Delta table at " + t.path + ": "));
    assertTrue(e.getMessage().contains("run this job again"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertEquals(1, table.version());
    assertEquals(1, table.rows().size());
  }

  // --- helpers -------------------------------------------------------------------------------

  private DeltaTestTable table() {
    return new DeltaTestTable(tmp.resolve("events").toString());
  }

  /** Runs both at once and returns their results in submission order. */
  private List<DeltaCommit> race(Callable<DeltaCommit> a, Callable<DeltaCommit> b)
      throws Exception {
    Future<DeltaCommit> fa = threads.submit(a);
    Future<DeltaCommit> fb = threads.submit(b);
    return List.of(fa.get(60, TimeUnit.SECONDS), fb.get(60, TimeUnit.SECONDS));
  }

  /** Waits until both writers have read the snapshot; later attempts pass straight through. */
  private static Runnable meet(CountDownLatch latch) {
    return () -> {
      latch.countDown();
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private static Set<Long> versions(List<DeltaCommit> commits) {
    return commits.stream().map(DeltaCommit::version).collect(Collectors.toSet());
  }

  private static Operation write() {
    return new Operation(Operation.Name.WRITE);
  }

  private static List<Action> adds(List<DeltaFile> files) {
    List<Action> actions = new ArrayList<>();
    for (DeltaFile f : files) {
      actions.add(
          new AddFile(
              f.path(), f.partitionValues(), f.size(), f.modificationTime(), true, null, null));
    }
    return actions;
  }

  private static List<Action> withTxn(List<Action> actions) {
    List<Action> all = new ArrayList<>(actions);
    all.add(new SetTransaction("app", 1, Optional.of(System.currentTimeMillis())));
    return all;
  }
}

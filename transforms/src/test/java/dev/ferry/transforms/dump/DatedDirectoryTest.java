package dev.ferry.transforms.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatedDirectoryTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

  @TempDir Path root;

  private void touch(String relative) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, "x".getBytes(StandardCharsets.UTF_8));
  }

  /** A complete dump: its directory with a manifest that DumpDirectory accepts. */
  private void complete(String directory) throws Exception {
    touch(directory + "/schema.sql");
    Path manifest = root.resolve(directory).resolve(DumpPaths.MANIFEST);
    Files.write(
        manifest,
        ("{\"format\":\"ferry-dump/1\",\"directory\":\""
                + directory
                + "\",\"source\":{\"kind\":\"sqlite\"},"
                + "\"files\":[{\"path\":\"schema.sql\",\"bytes\":1,\"sha256\":\"00\"}]}")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dayPathIsNameYearMonthDay() {
    assertEquals("shop/2026/01/05", DatedDirectory.dayPath("shop", LocalDate.of(2026, 1, 5)));
  }

  @Test
  void nextCountsUpAsDirectoriesOfTheDayAppear() throws Exception {
    String r = root.toString();
    assertEquals("shop/2026/11/21/shop-20261121", DatedDirectory.next(r, "shop", DAY));
    touch("shop/2026/11/21/shop-20261121/schema.sql");
    assertEquals("shop/2026/11/21/shop-20261121-2", DatedDirectory.next(r, "shop", DAY));
    touch("shop/2026/11/21/shop-20261121-2/data/t/whole-000.copy.gz"); // deeper files count too
    assertEquals("shop/2026/11/21/shop-20261121-3", DatedDirectory.next(r, "shop", DAY));
    // Another day, and another name sharing the prefix, have their own sequences.
    assertEquals("shop/2026/11/22/shop-20261122", DatedDirectory.next(r, "shop", DAY.plusDays(1)));
    assertEquals("shop2/2026/11/21/shop2-20261121", DatedDirectory.next(r + "/", "shop2", DAY));
  }

  @Test
  void latestIsTheNewestCompleteDumpByDayThenNumber() throws Exception {
    String r = root.toString();
    assertEquals(Optional.empty(), DatedDirectory.latest(r, "shop"));
    complete("shop/2026/11/20/shop-20261120");
    complete("shop/2026/11/20/shop-20261120-12");
    complete("shop/2026/11/21/shop-20261121");
    for (int n = 2; n <= 10; n++) {
      complete("shop/2026/11/21/shop-20261121-" + n);
    }
    touch("shop/2026/11/21/shop-20261121-11/schema.sql"); // never finished
    touch("shop/2026/11/22/shop-20261122/data/t/whole-000.copy.gz"); // never finished
    complete("shop2/2026/11/23/shop2-20261123"); // another name sharing the prefix
    complete("shop/2026/11/23/other-20261123"); // not of the layout
    complete("shopx/2026/11/24/shop-20261124");

    assertEquals(Optional.of("shop/2026/11/21/shop-20261121-10"), DatedDirectory.latest(r, "shop"));
    List<String> all = DatedDirectory.complete(r, "shop");
    assertEquals(12, all.size(), all.toString());
    assertEquals("shop/2026/11/20/shop-20261120", all.get(0));
    assertEquals("shop/2026/11/20/shop-20261120-12", all.get(1));
    assertEquals("shop/2026/11/21/shop-20261121", all.get(2));
    assertEquals("shop/2026/11/21/shop-20261121-2", all.get(3));
    assertEquals("shop/2026/11/21/shop-20261121-9", all.get(10));
    assertEquals("shop/2026/11/21/shop-20261121-10", all.get(11));
    assertEquals(Optional.of("shop2/2026/11/23/shop2-20261123"), DatedDirectory.latest(r, "shop2"));
  }

  @Test
  void aNumberBeyondAnIntIsStillANumber() throws Exception {
    complete("shop/2026/11/21/shop-20261121-10");
    complete("shop/2026/11/21/shop-20261121-99999999999");
    complete("shop/2026/11/21/shop-20261121-9");
    assertEquals(
        Optional.of("shop/2026/11/21/shop-20261121-99999999999"),
        DatedDirectory.latest(root.toString(), "shop"));
  }

  @Test
  void latestCrossesYears() throws Exception {
    complete("shop/2026/12/31/shop-20261231-3");
    complete("shop/2027/01/01/shop-20270101");
    assertEquals(
        Optional.of("shop/2027/01/01/shop-20270101"),
        DatedDirectory.latest(root.toString(), "shop"));
  }

  @Test
  void openLatestFindsTheNewestCompleteDump() throws Exception {
    complete("shop/2026/11/21/shop-20261121-9");
    complete("shop/2026/11/21/shop-20261121-10");
    touch("shop/2026/11/21/shop-20261121-11/schema.sql");
    DumpDirectory dump = DumpDirectory.open(root + "/shop/latest/");
    assertEquals(root + "/shop/2026/11/21/shop-20261121-10", dump.dir());
    assertEquals("shop/2026/11/21/shop-20261121-10", dump.manifest().directory());
  }

  @Test
  void openLatestWithoutACompleteDumpIsRefused() throws Exception {
    touch("shop/2026/11/21/shop-20261121/schema.sql");
    DumpRefused e =
        assertThrows(DumpRefused.class, () -> DumpDirectory.open(root + "/shop/latest"));
    assertEquals(
        "no complete dump of 'shop' under "
            + root
            + " (a complete dump has shop/YYYY/MM/DD/shop-YYYYMMDD[-N]/manifest.json)",
        e.getMessage());
  }
}

package dev.ferry.runners;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small SQLite shop for the lakehouse layer tests, and the rows it holds as Java values: the
 * expected values are the ones generated here, never read back through ferry's own conversions.
 *
 * <p>{@code orders} (id PK, 200 rows over the ten days 2026-03-01..10 by {@code created_on}) and
 * its child {@code order_lines} ((order_id, line_no) PK). Deliberate quirks: notes with surrounding
 * spaces, a decomposed 'é' and blank text (silver's clean-up changes them, bronze keeps them); two
 * orders with an unknown status and one line with quantity 0 (silver's rules reject them); the two
 * highest {@code updated_at} values are equal (a cursor re-reads both).
 */
final class LakeShop {

  static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 1);
  static final int DAYS = 10;
  static final int ORDERS = 200;

  /** Orders whose status silver's rule refuses. */
  static final List<Long> BAD_STATUS = List.of(13L, 101L);

  /** The order line whose quantity silver's rule refuses: order 5, line 2. */
  static final List<Long> BAD_LINE = List.of(5L, 2L);

  static final List<String> ORDER_COLUMNS =
      List.of("id", "customer_id", "status", "updated_at", "created_on", "amount", "note", "paid");
  static final List<String> LINE_COLUMNS = List.of("order_id", "line_no", "qty", "price");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  final Path db;

  /** The source's rows as they are now, by key. */
  final Map<Long, Map<String, Object>> orders = new TreeMap<>();

  final Map<List<Long>, Map<String, Object>> lines = new LinkedHashMap<>();

  private LakeShop(Path db) {
    this.db = db;
  }

  /** Creates {@code dir/shop.db} with 200 orders and their lines. */
  static LakeShop create(Path dir) throws SQLException {
    LakeShop shop = new LakeShop(dir.resolve("shop.db"));
    shop.execute(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,"
            + " status TEXT NOT NULL, updated_at DATETIME NOT NULL, created_on DATE NOT NULL,"
            + " amount DECIMAL(10,2), note TEXT, paid BOOLEAN)",
        "CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders(id),"
            + " line_no INTEGER NOT NULL, qty INTEGER NOT NULL, price DECIMAL(10,2) NOT NULL,"
            + " PRIMARY KEY (order_id, line_no))");
    for (long id = 1; id <= ORDERS; id++) {
      shop.putOrder(order(id));
      for (long line = 1; line <= id % 3 + 1; line++) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("order_id", id);
        l.put("line_no", line);
        l.put("qty", List.of(id, line).equals(BAD_LINE) ? 0L : 1 + (id + line) % 5);
        l.put(
            "price", new BigDecimal(String.format("%d.%02d", 1 + id % 40, (id * line * 7) % 100)));
        shop.putLine(l);
      }
    }
    return shop;
  }

  /** Order {@code id} as first written. */
  static Map<String, Object> order(long id) {
    LocalDate day = FIRST_DAY.plusDays(id % DAYS);
    Instant updated =
        day.atTime(8, 0).toInstant(ZoneOffset.UTC).plusSeconds(id * 61).plusNanos(id * 7_003_000L);
    if (id == ORDERS - 1 || id == ORDERS) {
      updated = Instant.parse("2026-03-10T23:59:59.999999Z"); // the two latest share one value
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    o.put("customer_id", 1 + id % 17);
    o.put(
        "status",
        BAD_STATUS.contains(id) ? "lost" : List.of("new", "paid", "shipped").get((int) (id % 3)));
    o.put("updated_at", updated);
    o.put("created_on", day);
    o.put(
        "amount",
        id % 23 == 0
            ? null
            : new BigDecimal(String.format("%d.%02d", id * 13 % 900, id * 37 % 100)));
    o.put("note", note(id));
    o.put("paid", id % 11 == 0 ? null : id % 3 != 0);
    return o;
  }

  private static String note(long id) {
    return switch ((int) (id % 6)) {
      case 0 -> "Grüße aus Köln #" + id;
      case 1 -> "  padded 日本語 ✓ " + id + "  ";
      case 2 -> "cafe\u0301 " + id; // decomposed é: NFC composes it in silver
      case 3 -> "   "; // blank: NULL in silver
      case 4 -> null;
      default -> "emoji 🚚 " + id;
    };
  }

  /** What silver's clean-up (trim, NFC, empty to NULL) makes of {@code text}. */
  static String clean(String text) {
    if (text == null) {
      return null;
    }
    String t = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
    return t.isEmpty() ? null : t;
  }

  /** Inserts or replaces an order in the database and in {@link #orders}. */
  void putOrder(Map<String, Object> o) throws SQLException {
    orders.put((Long) o.get("id"), new LinkedHashMap<>(o));
    put("orders", o);
  }

  void putLine(Map<String, Object> l) throws SQLException {
    lines.put(List.of((Long) l.get("order_id"), (Long) l.get("line_no")), new LinkedHashMap<>(l));
    put("order_lines", l);
  }

  void execute(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.executeUpdate(sql);
      }
    }
  }

  /** Orders as bronze should hold them: the source's values, untouched. */
  List<Map<String, Object>> bronzeOrders() {
    return new ArrayList<>(orders.values());
  }

  /** Orders as silver should hold them: cleaned text, other states than {@code accepted} out. */
  List<Map<String, Object>> silverOrders(List<String> accepted) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> o : orders.values()) {
      if (accepted.contains((String) o.get("status"))) {
        Map<String, Object> s = new LinkedHashMap<>(o);
        for (String text : List.of("status", "note", "channel")) {
          if (s.containsKey(text)) {
            s.put(text, clean((String) s.get(text)));
          }
        }
        out.add(s);
      }
    }
    return out;
  }

  List<Map<String, Object>> silverLines() {
    return lines.values().stream().filter(l -> !l.get("qty").equals(0L)).toList();
  }

  /** Stored as SQLite text: timestamps with six fractional digits, decimals as written. */
  private void put(String table, Map<String, Object> row) throws SQLException {
    List<String> columns = List.copyOf(row.keySet());
    String sql =
        "INSERT OR REPLACE INTO "
            + table
            + " ("
            + String.join(", ", columns)
            + ") VALUES ("
            + String.join(", ", columns.stream().map(c -> "?").toList())
            + ")";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < columns.size(); i++) {
        s.setObject(i + 1, stored(row.get(columns.get(i))));
      }
      s.executeUpdate();
    }
  }

  private static Object stored(Object v) {
    if (v instanceof Instant t) {
      return STAMP.format(t);
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return v;
  }

  /**
   * The layer tests' job: orders partitioned by created_on, two gold tables; {@code statuses} are
   * the order states silver accepts, {@code target} more target keys (two-space indented).
   */
  static String job(Path db, Path lake, String statuses, String target) {
    return """
        name: laketest
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
          tables: ["*"]
          timezone: UTC
        target:
          kind: lakehouse
          path: %s
          partition_by: {orders: created_on}
        %s
        normalize:
          - column: "*.*"
            steps: [trim, nfc, empty_to_null]
        rules:
          - column: orders.status
            in: [%s]
          - column: order_lines.qty
            range: {min: 1}
        max_rejected: 1000
        gold:
          - name: daily_paid
            sql: >-
              SELECT created_on AS order_day, COUNT(*) AS paid_orders, SUM(amount) AS amount
              FROM orders WHERE paid GROUP BY created_on
            columns: {amount: "decimal(14,2)"}
            partition_by: order_day
          - name: status_value
            sql: >-
              SELECT o.status, COUNT(*) AS line_count, SUM(l.qty * l.price) AS line_value
              FROM orders o JOIN order_lines l ON l.order_id = o.id GROUP BY o.status
            columns: {line_value: "decimal(14,2)"}
        """
        .formatted(db, lake, target.indent(0).stripTrailing().indent(2).stripTrailing(), statuses);
  }

  static final List<String> DAILY_PAID = List.of("order_day", "paid_orders", "amount");
  static final List<String> STATUS_VALUE = List.of("status", "line_count", "line_value");

  /** daily_paid computed in plain Java over silver's orders. */
  static List<Map<String, Object>> dailyPaid(List<Map<String, Object>> silverOrders) {
    Map<LocalDate, Map<String, Object>> days = new TreeMap<>();
    for (Map<String, Object> o : silverOrders) {
      if (Boolean.TRUE.equals(o.get("paid"))) {
        Map<String, Object> d =
            days.computeIfAbsent(
                (LocalDate) o.get("created_on"),
                k -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("order_day", k);
                  row.put("paid_orders", 0L);
                  row.put("amount", null);
                  return row;
                });
        d.put("paid_orders", (Long) d.get("paid_orders") + 1);
        BigDecimal amount = (BigDecimal) o.get("amount");
        if (amount != null) {
          BigDecimal sum = (BigDecimal) d.get("amount");
          d.put("amount", sum == null ? amount : sum.add(amount));
        }
      }
    }
    return new ArrayList<>(days.values());
  }

  /** status_value computed in plain Java over silver's orders and lines. */
  static List<Map<String, Object>> statusValue(
      List<Map<String, Object>> silverOrders, List<Map<String, Object>> silverLines) {
    Map<Long, String> status = new TreeMap<>();
    silverOrders.forEach(o -> status.put((Long) o.get("id"), (String) o.get("status")));
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> l : silverLines) {
      String s = status.get((Long) l.get("order_id"));
      if (s == null) {
        continue;
      }
      Map<String, Object> row =
          out.computeIfAbsent(
              s,
              k -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("status", k);
                r.put("line_count", 0L);
                r.put("line_value", BigDecimal.ZERO.setScale(2));
                return r;
              });
      row.put("line_count", (Long) row.get("line_count") + 1);
      BigDecimal value =
          BigDecimal.valueOf((Long) l.get("qty")).multiply((BigDecimal) l.get("price"));
      row.put("line_value", ((BigDecimal) row.get("line_value")).add(value));
    }
    return new ArrayList<>(out.values());
  }
}

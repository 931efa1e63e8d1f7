-- Fixture for SqliteCatalogTest: one statement per ';'-terminated line group.
-- Every table exercises a catalog feature; the test asserts each one.

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT 'anonymous',
  balance DECIMAL(10,2) DEFAULT 0,
  created DATETIME DEFAULT CURRENT_TIMESTAMP,
  anything
);

CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX by_created_and_name ON customers (created, name);

CREATE TABLE products (
  sku TEXT NOT NULL,
  variant INT NOT NULL,
  price NUMERIC NOT NULL,
  PRIMARY KEY (variant, sku)
);

CREATE TABLE "Order Details" (
  order_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  customer_id INTEGER REFERENCES customers,
  sku TEXT,
  variant INT,
  PRIMARY KEY (order_id, line),
  FOREIGN KEY (variant, sku) REFERENCES products (variant, sku)
);

CREATE TABLE "references" (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES "references" (id),
  note TEXT DEFAULT 'WITHOUT ROWID'
);

CREATE TABLE events (
  rowid TEXT,
  happened TIMESTAMP NOT NULL
);

CREATE TABLE codes (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE counters (
  id INTEGER PRIMARY KEY,
  hits BIGINT NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE dirty_keys (
  id INTEGER PRIMARY KEY,
  v TEXT
) WITHOUT ROWID;

CREATE TABLE descending (
  id INTEGER PRIMARY KEY DESC,
  v TEXT
);

CREATE TABLE numbered (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  v TEXT
);

CREATE TABLE two_aliases_taken (
  rowid INTEGER,
  _rowid_ INTEGER,
  v TEXT
);

CREATE TABLE all_aliases_taken (
  ROWID INTEGER,
  _rowid_ INTEGER,
  oid INTEGER
);

CREATE TABLE strict_items (
  id INTEGER PRIMARY KEY,
  qty INT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX ux_events_happened ON events (happened);

CREATE VIEW big_customers AS SELECT id, name FROM customers WHERE balance > 1000;

CREATE TRIGGER customers_touch AFTER UPDATE ON customers
BEGIN
  UPDATE customers SET created = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;

CREATE VIRTUAL TABLE notes USING fts5(body);

INSERT INTO customers (id, email, name, balance) VALUES (1, 'a@example.com', 'Ann', 12.50);
INSERT INTO customers (id, email, name, balance) VALUES (2, 'b@example.com', 'Bob', 2000);
INSERT INTO customers (id, email) VALUES (3, 'c@example.com');
INSERT INTO products VALUES ('tea', 1, 3.20);
INSERT INTO products VALUES ('tea', 2, 4.10);
INSERT INTO "Order Details" VALUES (10, 1, 1, 'tea', 1);
INSERT INTO "Order Details" VALUES (10, 2, 1, 'tea', 2);
INSERT INTO "Order Details" VALUES (11, 1, 2, 'tea', 1);
INSERT INTO "Order Details" VALUES (12, 1, NULL, NULL, NULL);
INSERT INTO "references" VALUES (1, NULL, 'root');
INSERT INTO "references" VALUES (2, 1, 'child');
INSERT INTO events VALUES ('r1', '2024-01-01 10:00:00');
INSERT INTO codes VALUES ('EUR', 'Euro');
INSERT INTO counters VALUES (7, 1);
INSERT INTO counters VALUES (9, 2);
INSERT INTO dirty_keys VALUES (1, 'integer key');
INSERT INTO dirty_keys VALUES ('abc', 'text key that a range read would skip');
INSERT INTO numbered (v) VALUES ('one');
INSERT INTO notes (body) VALUES ('full text');
INSERT INTO strict_items VALUES (1, 5);
INSERT INTO strict_items VALUES (2, 6);
INSERT INTO strict_items VALUES (3, 7);

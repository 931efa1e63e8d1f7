-- A shop with every catalog feature ferry reads: keys, foreign keys (composite, self-referencing,
-- cyclic), indexes, checks, defaults, names that need quoting, and objects that are not copied.
-- Statements end with a semicolon at the end of a line.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';

CREATE TABLE customers (
  id int unsigned NOT NULL AUTO_INCREMENT,
  email varchar(120) NOT NULL,
  name varchar(80) DEFAULT 'it''s a \\ name',
  status enum('active','on hold','it''s') NOT NULL DEFAULT 'active',
  created datetime NOT NULL DEFAULT current_timestamp(),
  legacy_day date NOT NULL DEFAULT '0000-00-00',
  score decimal(5,2) DEFAULT 1.50,
  tags set('new','vip') DEFAULT 'new,vip',
  active bit(1) NOT NULL DEFAULT b'1',
  note text,
  PRIMARY KEY (id),
  UNIQUE KEY customers_email (email),
  KEY customers_name_status (name, status),
  FULLTEXT KEY customers_note (note),
  CONSTRAINT score_positive CHECK (score >= 0)
) ENGINE=InnoDB;

CREATE TABLE orders (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id int unsigned NOT NULL,
  parent_id bigint unsigned NULL,
  qty int NOT NULL DEFAULT 1,
  price decimal(10,2) NOT NULL,
  total decimal(12,2) AS (qty * price) STORED,
  doc json,
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT orders_parent FOREIGN KEY (parent_id) REFERENCES orders (id)
) ENGINE=InnoDB;

CREATE TABLE `Order Details` (
  order_id bigint unsigned NOT NULL,
  line smallint NOT NULL,
  `references` varchar(20),
  PRIMARY KEY (order_id, line),
  CONSTRAINT details_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB;

CREATE TABLE `references` (
  code varchar(10) NOT NULL PRIMARY KEY,
  `order` int
) ENGINE=InnoDB;

CREATE TABLE `MixedCase` (
  `CamelId` mediumint NOT NULL,
  `Value` varchar(5),
  UNIQUE KEY `MixedCase_CamelId` (`CamelId`)
) ENGINE=InnoDB;

CREATE TABLE `odd``name` (
  `col``umn` int NOT NULL,
  second int NOT NULL,
  PRIMARY KEY (second, `col``umn`)
) ENGINE=InnoDB;

CREATE TABLE line_pairs (
  order_id bigint unsigned NOT NULL,
  line smallint NOT NULL,
  CONSTRAINT pairs_detail FOREIGN KEY (order_id, line) REFERENCES `Order Details` (order_id, line)
) ENGINE=InnoDB;

CREATE TABLE cycle_a (id int NOT NULL PRIMARY KEY, b_id int) ENGINE=InnoDB;
CREATE TABLE cycle_b (id int NOT NULL PRIMARY KEY, a_id int) ENGINE=InnoDB;
ALTER TABLE cycle_a ADD CONSTRAINT a_to_b FOREIGN KEY (b_id) REFERENCES cycle_b (id);
ALTER TABLE cycle_b ADD CONSTRAINT b_to_a FOREIGN KEY (a_id) REFERENCES cycle_a (id) ON UPDATE SET NULL;

CREATE TABLE event_log (at timestamp(6) NULL, message text) ENGINE=InnoDB;
CREATE TABLE empty_table (id tinyint NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE flags (id tinyint(1) NOT NULL PRIMARY KEY, name varchar(5)) ENGINE=InnoDB;

CREATE TABLE places (
  id int NOT NULL PRIMARY KEY,
  spot point NOT NULL,
  SPATIAL KEY places_spot (spot)
) ENGINE=InnoDB;

INSERT INTO customers (email, name, created, score, note) VALUES
  ('ann@example.com', 'Ann', '2024-01-02 03:04:05', 10.00, 'first'),
  ('bob@example.com', 'Bob', '2024-02-03 04:05:06', 20.50, 'second');
INSERT INTO orders (customer_id, parent_id, qty, price, doc) VALUES
  (1, NULL, 2, 9.99, '{"gift": true}'),
  (2, 1, 1, 5.00, NULL);
INSERT INTO `Order Details` VALUES (1, 1, 'r-1'), (1, 2, NULL);
INSERT INTO event_log VALUES ('2024-01-01 00:00:00', 'started');

CREATE VIEW customer_orders AS
  SELECT c.email, o.id AS order_id FROM customers c JOIN orders o ON o.customer_id = c.id;
CREATE TRIGGER orders_qty BEFORE INSERT ON orders FOR EACH ROW SET NEW.qty = GREATEST(NEW.qty, 1);
CREATE PROCEDURE purge_log() DELETE FROM event_log WHERE at < NOW() - INTERVAL 30 DAY;
CREATE FUNCTION add_tax(amount decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC RETURN amount * 1.2;
CREATE EVENT nightly_purge ON SCHEDULE EVERY 1 DAY DO CALL purge_log();
CREATE SEQUENCE invoice_numbers START WITH 1000;

-- A MariaDB database with every type ferry maps and the cases that go wrong in migrations: names
-- that need quoting or are too long for PostgreSQL, zero dates, NUL characters, times that are
-- durations, invalid enum values, self-referencing and cyclic foreign keys, composite keys, an
-- empty table and one without a key. Row ids say what a row holds; ids 90 and up are rows ferry
-- must reject. Statements end with a semicolon at the end of a line.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
-- Zero dates, zero-in-date and invalid enum values need a lax mode, as old applications had.
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';

CREATE TABLE integers (
  id int NOT NULL PRIMARY KEY,
  t tinyint, tu tinyint unsigned, s smallint, su smallint unsigned,
  m mediumint, mu mediumint unsigned, i int, iu int unsigned,
  b bigint, bu bigint unsigned
) ENGINE=InnoDB;
INSERT INTO integers VALUES
  (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0),
  (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
      9223372036854775807, 18446744073709551615),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- tinyint(1) holds 2 in row 90: not a boolean, rejected when read.
CREATE TABLE booleans (
  id int NOT NULL PRIMARY KEY,
  t1 tinyint(1), bo boolean, b1 bit(1), b8 bit(8)
) ENGINE=InnoDB;
INSERT INTO booleans VALUES
  (1, 0, false, b'0', b'00000000'),
  (2, 1, true, b'1', b'10100101'),
  (3, NULL, NULL, NULL, NULL),
  (90, 2, true, b'1', b'11111111');

CREATE TABLE numbers (
  id int NOT NULL PRIMARY KEY,
  d decimal(10,2), wide decimal(65,30), f float, db double
) ENGINE=InnoDB;
INSERT INTO numbers VALUES
  (1, -99999999.99, -99999999999999999999999999999999999.999999999999999999999999999999,
      -3.4028234663852886e38, -1.7976931348623157e308),
  (2, 99999999.99, 99999999999999999999999999999999999.999999999999999999999999999999,
      3.4028234663852886e38, 1.7976931348623157e308),
  (3, 0.01, 0.000000000000000000000000000001, 1.17549435e-38, 2.2250738585072014e-308),
  (4, 0, 0, 0.1, 0.1),
  (5, NULL, NULL, 16777217, NULL);

-- Row 90 holds a NUL character, which PostgreSQL text refuses; row 91 an enum value that was not
-- a label, which MariaDB stored as ''.
CREATE TABLE texts (
  id int NOT NULL PRIMARY KEY,
  c char(5), v varchar(20), tt tinytext, t text, mt mediumtext, lt longtext,
  e enum('a','b,c','it''s','say "hi"'),
  s set('x','y''z','w"v','{}'),
  j json
) ENGINE=InnoDB;
INSERT INTO texts VALUES
  (1, 'ab   ', 'café', 'tiny', 'emoji 😀 and 中文', 'medium', 'long', 'b,c', 'x,w"v',
      '{"a": [1, 2.50, "😀"]}'),
  (2, '', '', '', '', '', '', 'it''s', '', 'null'),
  (3, 'x', 'tab\tand \\ back', 'line\nbreak', 'quote '' and "', NULL, NULL, 'say "hi"',
      'y''z,{}', '[]'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (90, 'nul', CONCAT('a', CHAR(0), 'b'), NULL, NULL, NULL, NULL, 'a', 'x', NULL),
  (91, 'enum', 'bad enum', NULL, NULL, NULL, NULL, 'nope', NULL, NULL);

CREATE TABLE binaries (
  id int NOT NULL PRIMARY KEY,
  bn binary(4), vb varbinary(20), tb tinyblob, bl blob, lb longblob
) ENGINE=InnoDB;
INSERT INTO binaries VALUES
  (1, 0x00010203, X'', 0x00, 0xDEADBEEF, 0x00FF00FF),
  (2, 0x61, 0x61C328, 0x5C, 0x68C3A96C6C6F, REPEAT(0xAB, 70000)),
  (3, NULL, NULL, NULL, NULL, NULL);

-- Row 2 holds zero dates (3), row 3 zero-in-dates (2): 5 NULLs in the target. Row 90 holds a
-- duration that is no time of day. dur is cast to text by the job, so its durations travel.
CREATE TABLE dates (
  id int NOT NULL PRIMARY KEY,
  d date, dt datetime(6), ts timestamp(6) NULL, tm time(6), y year, dur time
) ENGINE=InnoDB;
INSERT INTO dates VALUES
  (1, '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123456',
      '13:14:15.123456', 2024, '838:59:59'),
  (2, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '00:00:00', 0, '-838:59:59'),
  (3, '2024-00-15', '2024-02-00 10:00:00', NULL, '23:59:59.999999', 1901, '00:00:01'),
  (4, '0000-01-01', '1000-01-01 00:00:00', '2038-01-19 03:14:07.999999', NULL, 2155, NULL),
  (5, NULL, NULL, NULL, NULL, NULL, NULL),
  (90, '2024-01-01', '2024-01-01 00:00:00', NULL, '838:59:59', 2024, NULL);

CREATE TABLE shapes (
  id int NOT NULL PRIMARY KEY,
  g geometry, p point
) ENGINE=InnoDB;
INSERT INTO shapes VALUES
  (1, ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 0))'), ST_GeomFromText('POINT(1.5 -2)', 4326)),
  (2, ST_GeomFromText('LINESTRING(0 0, 1 1)', 3857), NULL);

CREATE TABLE mariadb_types (
  id int NOT NULL PRIMARY KEY,
  u uuid, i4 inet4, i6 inet6
) ENGINE=InnoDB;
INSERT INTO mariadb_types VALUES
  (1, '123e4567-e89b-12d3-a456-426655440000', '192.168.0.1', '2001:db8::1'),
  (2, NULL, NULL, '::ffff:10.0.0.1');

-- The shop: auto-increment keys, a unique index, an enum with a CHECK, a self reference, a
-- composite key, and names PostgreSQL must quote.
CREATE TABLE customers (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(120) NOT NULL,
  `FullName` varchar(80),
  status enum('active','on hold') NOT NULL DEFAULT 'active',
  UNIQUE KEY customers_email (email)
) ENGINE=InnoDB;
INSERT INTO customers (email, `FullName`, status) VALUES
  ('ann@example.com', 'Ann', 'active'),
  ('bob@example.com', 'Bob', 'on hold'),
  ('cy@example.com', NULL, 'active');

CREATE TABLE orders (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id int unsigned NOT NULL,
  parent_id bigint unsigned NULL,
  price decimal(10,2) NOT NULL,
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT orders_parent FOREIGN KEY (parent_id) REFERENCES orders (id)
) ENGINE=InnoDB;
INSERT INTO orders (customer_id, parent_id, price) VALUES
  (1, NULL, 9.99), (2, 1, 5.00), (2, 2, 1.50), (3, NULL, 0.00);

CREATE TABLE `references` (
  code varchar(10) NOT NULL PRIMARY KEY,
  `order` int,
  `select` varchar(10),
  `User` varchar(10)
) ENGINE=InnoDB;
INSERT INTO `references` VALUES ('r-1', 1, 'all', 'ann'), ('r-2', NULL, NULL, NULL);

CREATE TABLE `Order Details` (
  order_id bigint unsigned NOT NULL,
  line smallint NOT NULL,
  `references` varchar(10),
  `Quantity` int NOT NULL DEFAULT 1,
  PRIMARY KEY (order_id, line),
  CONSTRAINT details_order FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT details_reference FOREIGN KEY (`references`) REFERENCES `references` (code)
) ENGINE=InnoDB;
INSERT INTO `Order Details` VALUES (1, 1, 'r-1', 2), (1, 2, NULL, 1), (2, 1, 'r-2', 5);

-- a → b → a: MariaDB loaded them with checks off, as dumps do.
CREATE TABLE cycle_a (id int NOT NULL PRIMARY KEY, b_id int) ENGINE=InnoDB;
CREATE TABLE cycle_b (id int NOT NULL PRIMARY KEY, a_id int) ENGINE=InnoDB;
ALTER TABLE cycle_a ADD CONSTRAINT a_to_b FOREIGN KEY (b_id) REFERENCES cycle_b (id);
ALTER TABLE cycle_b ADD CONSTRAINT b_to_a FOREIGN KEY (a_id) REFERENCES cycle_a (id);
SET SESSION foreign_key_checks = 0;
INSERT INTO cycle_a VALUES (1, 1), (2, NULL);
INSERT INTO cycle_b VALUES (1, 2), (2, 1);
SET SESSION foreign_key_checks = 1;

CREATE TABLE event_log (at timestamp(6) NULL, message text) ENGINE=InnoDB;
INSERT INTO event_log VALUES
  ('2024-01-01 00:00:00', 'started'), ('2024-01-01 00:00:00', 'started'), (NULL, NULL);

CREATE TABLE empty_table (id tinyint NOT NULL PRIMARY KEY, note text) ENGINE=InnoDB;

-- 64 characters each: the same first 63, so PostgreSQL would cut both to one name. The column
-- name has 64 characters too.
CREATE TABLE legacy_crm_customer_addresses_imported_before_the_2019_cutover_a (
  id int NOT NULL PRIMARY KEY, street varchar(40),
  delivery_instructions_as_typed_by_the_customer_in_the_old_crm_ui text
) ENGINE=InnoDB;
CREATE TABLE legacy_crm_customer_addresses_imported_before_the_2019_cutover_b (
  id int NOT NULL PRIMARY KEY, street varchar(40)
) ENGINE=InnoDB;
INSERT INTO legacy_crm_customer_addresses_imported_before_the_2019_cutover_a VALUES
  (1, 'Main St', 'ring twice');
INSERT INTO legacy_crm_customer_addresses_imported_before_the_2019_cutover_b VALUES (1, 'Elm St'), (2, 'Oak St');

-- One table per family of MySQL types, each row an edge value. Row ids say what the row holds;
-- the tests read every value back through MysqlDialect's readers.
-- Statements end with a semicolon at the end of a line.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
-- Zero dates, zero-in-date and invalid enum values need a lax mode, as old applications had.
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';

CREATE TABLE integers (
  id int NOT NULL PRIMARY KEY,
  t tinyint, tu tinyint unsigned, s smallint, su smallint unsigned,
  m mediumint, mu mediumint unsigned, i int, iu int unsigned,
  b bigint, bu bigint unsigned, z int(6) unsigned zerofill
);
INSERT INTO integers VALUES
  (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, 0),
  (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
      9223372036854775807, 18446744073709551615, 42),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE booleans (
  id int NOT NULL PRIMARY KEY,
  t1 tinyint(1), bo bool, b1 bit(1), b8 bit(8), b64 bit(64)
);
INSERT INTO booleans VALUES
  (1, 0, false, b'0', b'0', b'0'),
  (2, 1, true, b'1', b'10100101', b'1111111111111111111111111111111111111111111111111111111111111111'),
  (3, 2, -1, NULL, b'1', b'1'),
  (4, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE numbers (
  id int NOT NULL PRIMARY KEY,
  d decimal(10,2), wide decimal(65,30), d38 decimal(38,10),
  f float, fm float(10,2), db double
);
INSERT INTO numbers VALUES
  (1, -99999999.99, -99999999999999999999999999999999999.999999999999999999999999999999,
      -9999999999999999999999999999.9999999999, -3.4028234663852886e38, -99999999.99,
      -1.7976931348623157e308),
  (2, 99999999.99, 99999999999999999999999999999999999.999999999999999999999999999999,
      9999999999999999999999999999.9999999999, 3.4028234663852886e38, 99999999.99,
      1.7976931348623157e308),
  (3, 0.01, 0.000000000000000000000000000001, 0.0000000001, 1.401298464324817e-45, 0.01,
      4.9e-324),
  (4, 0, 0, 0, 0.1, 0.1, 0.1),
  (5, -0.00, -0, -0, -0.0, -0.0, -0.0),
  (6, NULL, NULL, NULL, 16777217, NULL, 2.2250738585072014e-308),
  (7, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE dates (
  id int NOT NULL PRIMARY KEY,
  d date, dt datetime, dt6 datetime(6), ts timestamp(6) NULL, tm time(6), y year
);
INSERT INTO dates VALUES
  (1, '2024-02-29', '2024-02-29 13:14:15', '2024-02-29 13:14:15.123456',
      '2024-02-29 13:14:15.123456', '13:14:15.123456', 2024),
  (2, '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000000',
      '1970-01-01 00:00:01.000000', '00:00:00', 1901),
  (3, '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999',
      '2038-01-19 03:14:07.999999', '23:59:59.999999', 2155),
  (4, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
      '838:59:59', 0),
  (5, '2024-00-15', '2024-02-00 10:00:00', '2024-00-00 10:00:00.5', NULL, '-838:59:59', NULL),
  (6, '0000-01-01', NULL, NULL, NULL, '24:00:00', NULL),
  (7, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE texts (
  id int NOT NULL PRIMARY KEY,
  c char(5), v varchar(10), t text, l1 varchar(10) CHARACTER SET latin1,
  e enum('a','b,c','it''s','back\\slash','say "hi"'),
  s set('x','y''z','w"v','back\\slash','{}'),
  j json
);
INSERT INTO texts VALUES
  (1, 'ab   ', 'café', 'emoji 😀 and 中文', 'ÿé', 'b,c', 'x,w"v', '{"a": [1, 2.50, "😀"]}'),
  (2, '', '', '', '', 'it''s', '', 'null'),
  (3, 'x', CONCAT('a', CHAR(0), 'b'), 'tab\there\nnew line', 'plain', 'back\\slash',
      'y''z,back\\slash,{}', '[]'),
  (4, NULL, NULL, NULL, NULL, 'nope', NULL, NULL),
  (5, NULL, 'ten chars!', NULL, NULL, 'say "hi"', 'x', '"text"');

CREATE TABLE binaries (
  id int NOT NULL PRIMARY KEY,
  bn binary(4), vb varbinary(20), bl blob, u16 binary(16)
);
INSERT INTO binaries VALUES
  (1, 0x00010203, X'', 0xDEADBEEF, 0x123E4567E89B12D3A456426655440000),
  (2, 0x61, 0x61C328, 0x68C3A96C6C6F, NULL),
  (3, NULL, NULL, NULL, NULL);

CREATE TABLE shapes (
  id int NOT NULL PRIMARY KEY,
  g geometry, p point
);
INSERT INTO shapes VALUES
  (1, ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 0))'), ST_GeomFromText('POINT(1.5 -2)', 4326)),
  (2, ST_GeomFromText('LINESTRING(0 0, 1 1)', 3857), NULL);

CREATE TABLE mariadb_types (
  id int NOT NULL PRIMARY KEY,
  u uuid, i4 inet4, i6 inet6
);
INSERT INTO mariadb_types VALUES
  (1, '123e4567-e89b-12d3-a456-426655440000', '192.168.0.1', '2001:db8::1'),
  (2, NULL, NULL, '::ffff:10.0.0.1');

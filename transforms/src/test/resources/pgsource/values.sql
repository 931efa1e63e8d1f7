-- Values for every_type (from catalog.sql): 1 the largest values, 2 the smallest, 3 NULLs,
-- 4 special floats; and odd_values, which no logical type holds.
INSERT INTO every_type VALUES (
  1, true, 32767, 2147483647, 9223372036854775807, 3.4028235e38, 1.7976931348623157e308,
  9999999999999999999999999999.9999999999,
  123456789012345678901234567890.123456789012345678901234567890123456789,
  1234567890123456789012345678901234567890.0123456789,
  E'héllo 🎉 "quoted"\ttab\nline \\ back', 'ten chars!', 'free', 'ab',
  (SELECT decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY b), 'hex')
     FROM generate_series(0, 255) b),
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{"b":1,  "a":[1,2], "b":2}', '{"b":1,"a":2}',
  '2024-02-29', '23:59:59.999999', '12:34:56.789', '10:11:12.5+02',
  '2024-02-29 23:59:59.999999', '2024-01-01 00:00:00.123', '2024-06-30 22:15:01.123456+02',
  '1 year 2 mons 3 days 04:05:06.789', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03',
  1234.56, 'happy', '{sad,happy}', 'amber', 19.99, 42, '{1,NULL,3}', '{{1,2},{NULL,4}}',
  ARRAY['a"b', 'c d', NULL, 'NULL', '', 'back\slash'], '<a x="1">t</a>', 'fat cats',
  B'10110', B'101', '[1,10)', '(1.5,-2)', 'MiXeD', 'a=>1, b=>NULL', ROW('Main St', 'Town'));
INSERT INTO every_type (id, c_bool, c_int2, c_int4, c_int8, c_real, c_double, c_num, c_num_free,
    c_text, c_varchar, c_char, c_bytea, c_date, c_time, c_ts, c_tstz, c_money, c_small)
  VALUES (2, false, -32768, -2147483648, -9223372036854775808, '-Infinity', 'NaN',
    -9999999999999999999999999999.9999999999, 'NaN', '', '', '', '', '0001-01-01', '00:00:00',
    '0001-01-01 00:00:00', '1970-01-01 00:00:00+00', -92233720368547758.08, 1);
INSERT INTO every_type (id, c_small) VALUES (3, 99);
INSERT INTO every_type (id, c_real, c_double, c_small)
  VALUES (4, 'NaN', 'Infinity', 1), (5, 1.4e-45, 4.9e-324, 1), (6, 'Infinity', '-0', 1);

CREATE TABLE odd_values (
  id integer PRIMARY KEY,
  d date,
  ts timestamp,
  tstz timestamptz,
  t time,
  n numeric(10,2),
  n_free numeric
);
INSERT INTO odd_values VALUES
  (1, 'infinity', '-infinity', 'infinity', '24:00:00', 'NaN', 'Infinity'),
  (2, '0044-03-15 BC', '0001-12-31 23:00:00 BC', '10000-01-01 00:00:00+00', '00:00:00', 1.5, 1.5),
  (3, '10000-01-01', '2024-03-31 02:30:00', '2024-03-31 02:30:00+00', '13:00', 0, '1e-20');

/**
 * The MySQL/MariaDB dialect: the inventory from {@code information_schema}, the type mapping into
 * logical types, the conversion of the values the server sends, session set-up for streaming reads
 * and one-line descriptions of failures. {@link dev.ferry.schemas.mysql.MysqlDialect} is the entry
 * point.
 */
package dev.ferry.schemas.mysql;

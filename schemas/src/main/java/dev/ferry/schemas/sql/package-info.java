/**
 * What relational sources share: the JDBC dialect contract, logins, read options, identifier and
 * literal quoting in one place, and per-table row filters ({@link dev.ferry.schemas.sql.RowFilter})
 * with the bounds servers compare them by.
 */
package dev.ferry.schemas.sql;

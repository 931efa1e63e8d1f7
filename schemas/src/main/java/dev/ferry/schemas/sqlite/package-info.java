/**
 * The SQLite dialect: opening files safely, reading the catalog into an inventory, the
 * declared-type mapping and the checked conversion of stored values.
 */
package dev.ferry.schemas.sqlite;

/**
 * PostgreSQL as a source: the catalog of one schema read into an inventory ({@link
 * dev.ferry.schemas.pgsource.PostgresCatalog}), the type mapping that keeps PostgreSQL types for a
 * PostgreSQL target ({@link dev.ferry.schemas.pgsource.PostgresSourceTypes}), the column readers
 * and one-line failures, all behind {@link dev.ferry.schemas.pgsource.PostgresSourceDialect}.
 */
package dev.ferry.schemas.pgsource;

/**
 * PostgreSQL as a target: logical types to PostgreSQL types, names that fit its 63-byte
 * identifiers, and the DDL for a migration in the order a load needs it ({@link
 * dev.ferry.schemas.postgres.PostgresDdl}, phases in {@link dev.ferry.schemas.postgres.DdlPlan}):
 * the source's enums and domains and the tables first; keys, indexes, foreign keys, checks and
 * sequences after the rows are in. Also what the other target modes need: one {@code TRUNCATE} for
 * {@code replace}, the conflict key of an {@code upsert}, and the tables in waves by foreign key.
 * Check conditions and defaults are translated from MySQL and SQLite only where they mean the same
 * in PostgreSQL; the rest is left out with a note.
 */
package dev.ferry.schemas.postgres;

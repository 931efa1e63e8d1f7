/**
 * PostgreSQL as a target: logical types to PostgreSQL types, names that fit its 63-byte
 * identifiers, and the DDL for a migration in the order a load needs it (tables first; keys,
 * indexes, foreign keys and sequences after the rows are in).
 */
package dev.ferry.schemas.postgres;

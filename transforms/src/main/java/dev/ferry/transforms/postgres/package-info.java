/**
 * Writing into PostgreSQL: {@link dev.ferry.transforms.postgres.WritePostgres} loads rows into an
 * existing table with COPY in batched transactions, isolates the rows the server refuses into dead
 * letters with PostgreSQL's error, retries lost connections, and with a key merges through a
 * staging table so that a retried bundle or a re-run job never duplicates rows. {@link
 * dev.ferry.transforms.postgres.WritePostgresDocuments} writes a collection's flattened documents
 * into its related tables through the same COPY text, merge SQL, retries and error handling, a
 * document whole with all its rows per transaction.
 */
package dev.ferry.transforms.postgres;

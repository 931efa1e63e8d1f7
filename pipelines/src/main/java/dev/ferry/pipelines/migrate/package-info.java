/**
 * The migrate job: relational sources into PostgreSQL, with the schema created, emptied or merged
 * into as the job's mode says, and dead letters in the target's {@code ferry_dead_letters}; the
 * runs that created tables in the target's {@code ferry_runs}, so a re-run redoes the tables of one
 * that did not finish.
 */
package dev.ferry.pipelines.migrate;

/**
 * The migrate job: relational sources into PostgreSQL, with the schema created, emptied or merged
 * into as the job's mode says, and dead letters in the target's {@code ferry_dead_letters}.
 */
package dev.ferry.pipelines.migrate;

/**
 * Documents (MongoDB collections) as ferry sees them: the shape sampled from a collection ({@link
 * dev.ferry.schemas.document.CollectionShape}, counted by {@link
 * dev.ferry.schemas.document.ShapeCounter}), the job's flattening rules ({@link
 * dev.ferry.schemas.document.FlattenSpec}), the related tables they give ({@link
 * dev.ferry.schemas.document.FlattenPlan}: inventory tables with primary and foreign keys, which
 * {@code PostgresDdl} creates like any source's) and the flattening of each document into rows of
 * those tables ({@link dev.ferry.schemas.document.DocumentFlattener}).
 *
 * <p>The BSON type mappings live in {@code BsonTypes}, value conversion in {@code BsonValues}, the
 * JSON kept in jsonb columns in {@code ExtendedJson}, PostgreSQL array literals in {@code
 * PgArrays}, and the naming of flattened columns and tables in {@code ColumnNames}.
 */
package dev.ferry.schemas.document;

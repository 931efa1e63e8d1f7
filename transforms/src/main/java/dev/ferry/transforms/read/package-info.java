/**
 * Source reads: each table in parallel key ranges, rows mapped from the inventory and checked
 * against their logical types, failures on a separate output, optionally only the rows of a row
 * filter (pushed into MySQL/PostgreSQL SQL, applied in Java always); MongoDB collections as BSON
 * documents through Beam's MongoDbIO ({@link dev.ferry.transforms.read.ReadMongoCollection}).
 */
package dev.ferry.transforms.read;

/**
 * MongoDB jobs: each collection read through MongoDbIO, its documents flattened into related tables
 * and written whole, into PostgreSQL or the lakehouse.
 */
package dev.ferry.pipelines.documents;

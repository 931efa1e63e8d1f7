/**
 * MongoDB sources: the login and its printable URL ({@link dev.ferry.schemas.mongo.MongoLogin}),
 * the inventory of a database with a sampled shape per collection ({@link
 * dev.ferry.schemas.mongo.MongoCatalog}), how a collection can be read in parallel ({@link
 * dev.ferry.schemas.mongo.CollectionSplit}), and one-line descriptions of driver failures.
 */
package dev.ferry.schemas.mongo;

/**
 * ferry's data model, with no runner in it: source inventories, the logical type system, type
 * mappings between dialects and the Beam, Avro and Delta schemas derived from them.
 */
package dev.ferry.schemas;

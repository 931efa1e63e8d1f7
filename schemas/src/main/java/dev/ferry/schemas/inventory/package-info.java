/**
 * What a source holds, as immutable records: tables with columns, keys, foreign keys and indexes,
 * and the objects (views, triggers, routines) that are listed but not copied. Catalog readers for
 * each dialect produce an {@link dev.ferry.schemas.inventory.Inventory}; everything downstream maps
 * rows from it.
 */
package dev.ferry.schemas.inventory;

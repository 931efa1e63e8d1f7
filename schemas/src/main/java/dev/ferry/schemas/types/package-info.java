/**
 * The logical type system: {@link dev.ferry.schemas.types.ColumnType} and the strict text parsing
 * of values into it, shared by every source dialect and by validation rules.
 */
package dev.ferry.schemas.types;

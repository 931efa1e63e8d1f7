/**
 * A job resolved against its source's inventory: the tables selected, casts applied, where each
 * lands. {@code ferry plan} prints it and {@code ferry run} builds from it.
 */
package dev.ferry.pipelines.plan;

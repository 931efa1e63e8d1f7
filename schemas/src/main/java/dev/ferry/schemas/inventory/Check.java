package dev.ferry.schemas.inventory;

import java.io.Serializable;

/**
 * A table's CHECK constraint.
 *
 * @param expression the condition as the source's catalog prints it, in the source's SQL dialect
 */
public record Check(String name, String expression) implements Serializable {}

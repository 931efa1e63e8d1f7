package dev.ferry.schemas.inventory;

import java.io.Serializable;

/**
 * Something the source holds that ferry lists but does not copy: a view, trigger or routine.
 *
 * @param kind {@code view}, {@code trigger}, {@code procedure} or {@code function}
 * @param definition the source's SQL text, as far as the catalog gives it
 */
public record SourceObject(String kind, String name, String definition) implements Serializable {}

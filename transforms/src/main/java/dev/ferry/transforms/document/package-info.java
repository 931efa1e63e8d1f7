/**
 * Documents into related tables: each document flattened ({@code DocumentFlattener}), its rows
 * normalized and validated, and written with all its tables at once, so a document lands whole or
 * goes to the dead letters whole.
 */
package dev.ferry.transforms.document;

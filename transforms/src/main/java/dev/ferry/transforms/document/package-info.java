/**
 * Documents into related tables: each document flattened ({@code DocumentFlattener}), its rows
 * normalized and validated, and written with all its tables at once, so a document lands whole or
 * goes to the dead letters whole. {@code CheckDocuments} runs the same pass without writing,
 * handing on each table's rows (what {@code ferry verify} compares with the target).
 */
package dev.ferry.transforms.document;

/**
 * Documents (MongoDB collections) as ferry sees them: the shape sampled from a collection, and the
 * rules that flatten documents into related tables.
 */
package dev.ferry.schemas.document;

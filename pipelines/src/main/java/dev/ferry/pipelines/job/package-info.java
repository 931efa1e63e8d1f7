/**
 * The job file: immutable records mirroring the YAML, a strict loader with environment
 * substitution, and the checks that run before anything connects.
 */
package dev.ferry.pipelines.job;

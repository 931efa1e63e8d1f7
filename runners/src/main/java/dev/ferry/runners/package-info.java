/** The {@code ferry} command line: verbs, runner choice, exit codes, and what a person reads. */
package dev.ferry.runners;

/** The one dead-letter record of a job and the writer every failure output flows into. */
package dev.ferry.transforms.deadletter;

/** Per-row steps shared by the single-step transforms and the fused table load. */
package dev.ferry.transforms.steps;

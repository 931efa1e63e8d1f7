/** Named Beam metrics shared by every transform, read back into the run summary. */
package dev.ferry.transforms.metrics;

/**
 * Building blocks of {@code ferry verify}: a canonical byte encoding of typed rows ({@link
 * dev.ferry.transforms.verify.CanonicalRow}), order-independent digests of key-range chunks ({@link
 * dev.ferry.transforms.verify.ChunkDigest}, {@link dev.ferry.transforms.verify.DigestRanges}) and
 * their comparison range by range ({@link dev.ferry.transforms.verify.CompareChunks}), so a source
 * and its target read on the same key ranges can be proven equal, or the differing ranges named for
 * a row-level drill-down.
 */
package dev.ferry.transforms.verify;

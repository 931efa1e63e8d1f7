package dev.ferry.transforms.dump;

import java.io.Serializable;

/**
 * What {@link FinishDump} needs to complete a dump: where it lies, the manifest as planned before
 * any row moved (tables without counts; {@code files} holding {@code schema.sql}), and the script
 * that restores it.
 *
 * @param dir the dump directory, a local path or an {@code s3://} URL
 */
public record DumpSpec(String dir, DumpManifest draft, RestoreScript script)
    implements Serializable {}

package dev.ferry.transforms.lake;

import java.io.Serializable;
import java.time.Instant;

/**
 * What every bronze row is stamped with: when it was ingested, where from, and by which run. One
 * instant per run, so a run's rows share one ingest date partition and a re-run is recognizable.
 */
public record IngestStamp(Instant ingestedAt, String source, String runId)
    implements Serializable {}

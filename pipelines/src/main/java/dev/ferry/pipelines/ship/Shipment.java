package dev.ferry.pipelines.ship;

/**
 * An uploaded file: where it went ({@code s3://…/<file>}, with {@code <file>.sha256} beside it),
 * its size and SHA-256 (hex), and whether the local copy was removed.
 */
public record Shipment(String url, long bytes, String sha256, boolean deleted) {}

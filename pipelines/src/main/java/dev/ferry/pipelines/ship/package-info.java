/**
 * Shipping an existing dump file to S3 ({@code ferry ship}): {@link
 * dev.ferry.pipelines.ship.S3Location} parses {@code s3://bucket/prefix}, {@link
 * dev.ferry.transforms.dump.DatedDirectory} picks {@code
 * <prefix>/<name>/YYYY/MM/DD/<name>-YYYYMMDD[-N]/} without ever reusing one, {@link
 * dev.ferry.pipelines.ship.ShipFile} uploads through Beam's {@code FileSystems}, writes the SHA-256
 * beside the file and confirms the upload, and {@link dev.ferry.pipelines.ship.ShipLog} appends one
 * line per attempt for cron users. The dated layout is the one the {@code dump} target will use.
 */
package dev.ferry.pipelines.ship;

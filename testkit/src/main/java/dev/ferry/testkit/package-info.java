/**
 * Helpers for ferry's tests, used as a test-scoped dependency: real PostgreSQL and MariaDB servers
 * started from jars ({@link dev.ferry.testkit.PostgresServer}, {@link
 * dev.ferry.testkit.MariaDbServer}, and JUnit 5 extensions handing out fresh databases), a
 * MongoDB-protocol server in this JVM ({@link dev.ferry.testkit.MongoServer}), an S3 server
 * (s3proxy, {@link dev.ferry.testkit.S3Server}) and an HTTP fault injector to put in front of it
 * ({@link dev.ferry.testkit.FaultyS3}: throttling, 5xx answers, resets, an S3 gone), a TCP proxy
 * that cuts connections on cue for fault tests ({@link dev.ferry.testkit.TcpProxy}), Beam's {@code
 * TestPipeline} for JUnit 5, and independent readers of Delta tables (Delta Kernel, DuckDB). Also
 * the same servers for examples, from the command line ({@link dev.ferry.testkit.DemoServers}, run
 * by {@code examples/mongo-contracts.sh}).
 */
package dev.ferry.testkit;

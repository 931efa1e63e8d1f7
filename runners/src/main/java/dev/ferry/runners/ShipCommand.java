package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.ship.S3Location;
import dev.ferry.pipelines.ship.ShipException;
import dev.ferry.pipelines.ship.ShipFile;
import dev.ferry.pipelines.ship.ShipLog;
import dev.ferry.pipelines.ship.Shipment;
import dev.ferry.transforms.s3.S3Errors;
import dev.ferry.transforms.s3.S3Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ferry ship FILE --to s3://bucket/prefix}: uploads an existing dump file into the dated
 * layout, and appends one line per attempt to the log.
 */
@Command(
    name = "ship",
    description = {
      "Uploads an existing dump file (from mysqldump, pg_dump…) to S3 under",
      "  <prefix>/<name>/YYYY/MM/DD/<name>-YYYYMMDD[-N]/<file>",
      "(today in UTC; a second run that day gets -2, then -3…: never overwrites),",
      "with <file>.sha256 beside it, and appends one line per attempt to the log:",
      "  YYYY-MM-DD,HH:MM:SS,file successfully uploaded",
      "  YYYY-MM-DD,HH:MM:SS,there is no file to upload",
      "  YYYY-MM-DD,HH:MM:SS,<the error in one line>",
      "Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the AWS chain."
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:uploaded",
      "2:bad arguments",
      "3:not uploaded: no file, or an S3 or I/O failure"
    })
final class ShipCommand implements Callable<Integer> {

  private static final String DEBUG_HINT = " (run with FERRY_DEBUG=1 for the stack trace)";

  @ParentCommand Ferry ferry;

  @Parameters(index = "0", paramLabel = "FILE", description = "the dump file to upload")
  Path file;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "s3://BUCKET/PREFIX",
      description = "where the dated directories go")
  String to;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "the dump's name in the layout (default: the file name up to its first dot)")
  String name;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      defaultValue = "ferry-ship.log",
      description = "the log appended to, one line per attempt (default: ${DEFAULT-VALUE})")
  Path log;

  @Option(
      names = "--delete-after",
      description = "remove FILE once the upload's size and SHA-256 (read back) are confirmed")
  boolean deleteAfter;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "an S3-compatible store (MinIO…): http(s)://HOST[:PORT]")
  String endpoint;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "default: AWS_REGION, the AWS profile, else us-east-1")
  String region;

  @Option(names = "--path-style", description = "path-style addressing (MinIO and most stores)")
  boolean pathStyle;

  @Option(
      names = "--sse",
      paramLabel = "AES256|aws:kms",
      description = "server-side encryption of the uploaded objects")
  String sse;

  @Override
  public Integer call() {
    ZonedDateTime started = ZonedDateTime.now();
    PrintWriter out = ferry.spec.commandLine().getOut();
    PrintWriter err = ferry.spec.commandLine().getErr();
    String bucket = null;
    String message;
    int code;
    try {
      S3Location location = S3Location.parse(to, "--to");
      bucket = location.bucket();
      settings().register(ferry.environment());
      ShipFile ship = ShipFile.of(file, location).withName(name).withDeleteAfter(deleteAfter);
      Shipment s = ship.run(LocalDate.now(ZoneOffset.UTC));
      out.printf(
          "uploaded %s to %s (%d bytes, sha256 %s)%s%n",
          file, s.url(), s.bytes(), s.sha256(), s.deleted() ? "; local file removed" : "");
      message = ShipLog.UPLOADED;
      code = ExitCode.OK;
    } catch (JobException e) {
      message = e.getMessage();
      code = ExitCode.USAGE;
    } catch (ShipException e) {
      message = e.getMessage();
      code = ExitCode.FAILURE;
    } catch (Exception e) {
      message = describe(e, bucket);
      code = ExitCode.FAILURE;
      if (ferry.environment().containsKey("FERRY_DEBUG")) {
        e.printStackTrace(err);
      }
    }
    message = redact(message);
    try {
      new ShipLog(log).append(started, message.replace(DEBUG_HINT, ""));
    } catch (IOException e) {
      err.println(
          "ferry: cannot append to the log " + log + ": " + e.getMessage() + " (" + message + ")");
      return ExitCode.FAILURE;
    }
    if (code != ExitCode.OK) {
      err.println("ferry: " + message);
    }
    return code;
  }

  private S3Settings settings() {
    try {
      return S3Settings.aws()
          .withEndpoint(endpoint == null ? null : URI.create(endpoint))
          .withRegion(region)
          .withPathStyle(pathStyle)
          .withSse(sse);
    } catch (IllegalArgumentException e) {
      throw new JobException(e.getMessage());
    }
  }

  private String describe(Exception e, String bucket) {
    return S3Errors.describe(e, bucket).orElseGet(() -> Failures.message(e));
  }

  /** The AWS secrets from the environment, should any message ever carry one. */
  private String redact(String message) {
    String m = message == null ? "" : message;
    for (String name : new String[] {"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
      String secret = ferry.environment().get(name);
      if (secret != null && secret.length() >= 4) {
        m = m.replace(secret, "****");
      }
    }
    return m;
  }
}

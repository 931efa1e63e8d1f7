package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.plan.Dialects;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.mongo.MongoCatalog;
import dev.ferry.schemas.mongo.MongoInventory;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ferry inspect URL}: the source's inventory. */
@Command(
    name = "inspect",
    description = {
      "Lists what a source holds: tables, columns with their declared and mapped types,",
      "keys, foreign keys, indexes, row counts, and the views and triggers ferry does not copy.",
      "For MongoDB: collections with count estimates, and each field path seen in a sample",
      "of documents with its BSON types and frequency."
    },
    mixinStandardHelpOptions = true)
final class InspectCommand implements Callable<Integer> {

  @ParentCommand Ferry ferry;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = {
        "jdbc:sqlite:path/to/file.db (or the file's path),",
        "jdbc:mysql://host:3306/db, jdbc:mariadb://host:3306/db, jdbc:postgresql://host:5432/db,",
        "mongodb://host:27017/db, mongodb+srv://host/db"
      })
  String url;

  @Option(names = "--user", paramLabel = "NAME", description = "login for a server source")
  String user;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      defaultValue = "FERRY_PASSWORD",
      description = "environment variable holding the password (default: ${DEFAULT-VALUE})")
  String passwordEnv;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "" + MongoCatalog.DEFAULT_SAMPLE_SIZE,
      description = "MongoDB: documents sampled per collection (default: ${DEFAULT-VALUE})")
  int sample;

  @Override
  public Integer call() throws Exception {
    checkNoCredentials();
    String text;
    if (MongoLogin.isMongoUrl(url)) {
      MongoInventory inventory = MongoCatalog.read(mongoLogin(), sample);
      text = json ? ShapeText.json(inventory) : ShapeText.text(inventory);
    } else {
      Inventory inventory = inventory();
      text = json ? InventoryText.json(inventory) : InventoryText.text(inventory);
    }
    ferry.spec.commandLine().getOut().print(text);
    return ExitCode.OK;
  }

  private MongoLogin mongoLogin() {
    if (sample < 1) {
      throw new JobException("inspect: --sample must be at least 1, got " + sample);
    }
    try {
      return MongoLogin.of(url, user, Secret.of(ferry.environment().get(passwordEnv)));
    } catch (IllegalArgumentException e) {
      throw new JobException("inspect: " + e.getMessage());
    }
  }

  private void checkNoCredentials() {
    if (JdbcLogin.hasCredentials(url)) {
      throw new JobException(
          "inspect: "
              + JdbcLogin.of(url, null, null).displayUrl()
              + " has credentials in the URL (user:password@host); give the user with --user and"
              + " the password in the environment variable "
              + passwordEnv);
    }
  }

  private Inventory inventory() {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mysql://")
        || lower.startsWith("jdbc:mariadb://")
        || lower.startsWith("jdbc:postgresql://")) {
      JdbcLogin login = JdbcLogin.of(url, user, Secret.of(ferry.environment().get(passwordEnv)));
      return Sources.inventory(login, Dialects.of(login.dialect()));
    }
    if (url.contains("://") || (lower.startsWith("jdbc:") && !lower.startsWith("jdbc:sqlite:"))) {
      throw new JobException(
          "inspect: '"
              + JdbcLogin.of(url, null, null).displayUrl()
              + "' is not a source ferry can read (jdbc:sqlite:FILE, jdbc:mysql://,"
              + " jdbc:mariadb://, jdbc:postgresql://, mongodb://, mongodb+srv://)");
    }
    return SqliteCatalog.read(url);
  }
}

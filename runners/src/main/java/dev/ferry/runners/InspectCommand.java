package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.plan.Dialects;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Inventory;
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
      "keys, foreign keys, indexes, row counts, and the views and triggers ferry does not copy."
    },
    mixinStandardHelpOptions = true)
final class InspectCommand implements Callable<Integer> {

  @ParentCommand Ferry ferry;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = {
        "jdbc:sqlite:path/to/file.db (or the file's path),",
        "jdbc:mysql://host:3306/db, jdbc:mariadb://host:3306/db, jdbc:postgresql://host:5432/db"
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

  @Override
  public Integer call() throws Exception {
    Inventory inventory = inventory();
    ferry
        .spec
        .commandLine()
        .getOut()
        .print(json ? InventoryText.json(inventory) : InventoryText.text(inventory));
    return ExitCode.OK;
  }

  private Inventory inventory() {
    String lower = url.toLowerCase(Locale.ROOT);
    if (JdbcLogin.hasCredentials(url)) {
      throw new JobException(
          "inspect: "
              + JdbcLogin.of(url, null, null).displayUrl()
              + " has credentials in the URL (user:password@host); give the user with --user and"
              + " the password in the environment variable "
              + passwordEnv);
    }
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
              + " jdbc:mariadb://, jdbc:postgresql://)");
    }
    return SqliteCatalog.read(url);
  }
}

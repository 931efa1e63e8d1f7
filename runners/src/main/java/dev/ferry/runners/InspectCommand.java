package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.sqlite.SqliteCatalog;
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
      description = "jdbc:sqlite:path/to/file.db (or the file's path)")
  String url;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (url.contains("://") || (url.startsWith("jdbc:") && !url.startsWith("jdbc:sqlite:"))) {
      throw new JobException(
          "inspect: '"
              + url.replaceAll("//[^@/]*@", "//******@")
              + "' is not a source this version of ferry can read (available: jdbc:sqlite:FILE)");
    }
    Inventory inventory = SqliteCatalog.read(url);
    ferry
        .spec
        .commandLine()
        .getOut()
        .print(json ? InventoryText.json(inventory) : InventoryText.text(inventory));
    return ExitCode.OK;
  }
}

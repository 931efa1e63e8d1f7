package dev.ferry.runners;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command: moves databases with Apache Beam. Each verb is a subcommand; exit
 * codes are 0 done, 1 rows rejected beyond the limit (or differences for verify), 2 bad job file or
 * arguments, 3 a source, target or runner failure.
 */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    subcommands = {
      RunCommand.class,
      PlanCommand.class,
      InspectCommand.class,
      ShipCommand.class,
      VacuumCommand.class,
      VerifyCommand.class
    },
    description = {
      "Moves databases with Apache Beam: migrate, dump, fill a Delta Lake, and prove nothing was lost.",
      "",
      "Start with the quickstart:  python3 examples/make_shop_db.py && ./ferry run examples/quickstart.yaml"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:done, but more rows were rejected than the job's max_rejected; or a restore refused"
          + " its dump (a file missing or altered: nothing loaded)",
      "2:bad job file or arguments",
      "3:a source, target or runner failure"
    })
public final class Ferry implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  Ferry(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Where {@code ${NAME}} values in job files come from. */
  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = execute(args, out, err, System.getenv());
    out.flush(); // print() does not flush, and System.exit drops what is buffered
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams and environment; returns the exit code. */
  public static int execute(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Ferry(env));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("ferry: " + e.getMessage());
          err.println("Try 'ferry " + commandName(e.getCommandLine()) + "--help' for usage.");
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          err.println("ferry: " + Failures.message(e));
          if (env.containsKey("FERRY_DEBUG")) {
            err.print(Failures.stackTrace(e));
          }
          return Failures.exitCode(e);
        });
    return cli.execute(args);
  }

  private static String commandName(CommandLine cl) {
    return cl.getParent() == null ? "" : cl.getCommandName() + " ";
  }
}

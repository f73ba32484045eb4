package cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code skep} command line. Thin: parses options and hands over to the server. */
@Command(name = "skep",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Skep: a fast shared-queue HTTP/1.1 server for the JVM.",
        subcommands = {ServeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::badUsage);
    }

    /** A bad option: one clear line and a hint, not the whole help page; exit code 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'skep serve'");
    }
}

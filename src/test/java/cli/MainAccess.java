package cli;

/** Lets tests in other packages run the command line in this JVM, as {@code skep ARGS...} would. */
public final class MainAccess {
    private MainAccess() {
    }

    public static int execute(String... args) {
        return Main.commandLine().execute(args);
    }
}

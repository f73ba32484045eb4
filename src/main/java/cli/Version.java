package cli;

import picocli.CommandLine;

/** {@code --version}: Skep's version from the jar manifest, and the JDK it runs on. */
final class Version implements CommandLine.IVersionProvider {

    static String skep() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"skep " + skep(),
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}

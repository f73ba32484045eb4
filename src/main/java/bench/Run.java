package bench;

/**
 * One measured load.
 *
 * @param target  what was loaded: "skep workers=N" for a server this run started, else the given name
 * @param workers the worker count of a Skep server started by this run, or 0 for a server given by URL
 */
public record Run(String target, int workers, String url, int connections, int threads, WrkResult result) {
}

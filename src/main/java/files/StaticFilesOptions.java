package files;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link StaticFiles} handler serves its directory; {@link #of(Path)} gives the defaults, the
 * {@code with...} methods a changed copy. These defaults are the CLI's ({@code skep serve --root}).
 *
 * @param root           the directory served
 * @param index          the file served for a directory ({@code index.html}); null: none
 * @param listDirs       an HTML listing for a directory without its index (off: 404)
 * @param cacheControl   the {@code Cache-Control} value sent with every file; null: none
 * @param followSymlinks serve symlinks that resolve outside the root (off: 404)
 * @param spa            a file (relative to the root) served for any path that matches no file, for
 *                       single-page applications; null: off (404)
 * @param openFileCache  how many files to keep open with their metadata (nginx's {@code open_file_cache});
 *                       0: open and close per request
 */
public record StaticFilesOptions(Path root, String index, boolean listDirs, String cacheControl,
                                 boolean followSymlinks, String spa, int openFileCache) {
    /** The default size of the open-file cache. */
    public static final int DEFAULT_OPEN_FILE_CACHE = 1024;
    /** The default index file. */
    public static final String DEFAULT_INDEX = "index.html";

    /** Checks the values. */
    public StaticFilesOptions {
        Objects.requireNonNull(root, "root");
        if (index != null) {
            checkName("index", index);
        }
        if (spa != null) {
            checkName("spa", spa);
        }
        if (cacheControl != null && !cacheControl.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7F))) {
            throw new IllegalArgumentException("cache control must be visible ASCII, got '" + cacheControl + "'");
        }
        if (openFileCache < 0) {
            throw new IllegalArgumentException("open file cache must be 0 (off) or more, got " + openFileCache);
        }
    }

    /** The defaults for {@code root}: index.html, no listing, no Cache-Control, no symlinks out, no SPA. */
    public static StaticFilesOptions of(Path root) {
        return new StaticFilesOptions(root, DEFAULT_INDEX, false, null, false, null, DEFAULT_OPEN_FILE_CACHE);
    }

    /** A copy with another index file name (null: none). */
    public StaticFilesOptions withIndex(String index) {
        return new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa, openFileCache);
    }

    /** A copy with directory listings on or off. */
    public StaticFilesOptions withListDirs(boolean listDirs) {
        return new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa, openFileCache);
    }

    /** A copy with another {@code Cache-Control} value (null: none). */
    public StaticFilesOptions withCacheControl(String cacheControl) {
        return new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa, openFileCache);
    }

    /** A copy that follows symlinks out of the root, or not. */
    public StaticFilesOptions withFollowSymlinks(boolean followSymlinks) {
        return new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa, openFileCache);
    }

    /** A copy with another single-page-application file (null: off). */
    public StaticFilesOptions withSpa(String spa) {
        return new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa, openFileCache);
    }

    /** A copy with another open-file cache size (0: off). */
    public StaticFilesOptions withOpenFileCache(int openFileCache) {
        return new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa, openFileCache);
    }

    /** A file name under the root: relative, no dot segment, no backslash, not empty. */
    private static void checkName(String what, String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
            throw new IllegalArgumentException(what + " must be a relative file name, got '" + name + "'");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException(what + " must stay under the root, got '" + name + "'");
            }
        }
    }
}

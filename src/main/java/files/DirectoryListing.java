package files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTML listing of a directory ({@code --list-dirs}): one link per entry, sorted by name, directories with
 * a trailing {@code /}; dotfiles are left out (they are never served). Names are HTML-escaped in the text and
 * percent-encoded in the links, so no name can inject markup or change where its link goes.
 */
public final class DirectoryListing {
    /**
     * The most entries a listing shows: it is built whole on a worker, so a directory of a million files must
     * not cost a million stats and a page of a hundred megabytes.
     */
    static final int MAX_ENTRIES = 10_000;

    private DirectoryListing() {
    }

    /** One entry: its name and whether it is a directory. */
    record Entry(String name, boolean directory) {
    }

    /**
     * The listing page of {@code directory}, titled with {@code urlPath} (the decoded request path, e.g.
     * {@code /docs/}); a {@code ../} link unless {@code urlPath} is {@code /}. At most {@link #MAX_ENTRIES}
     * entries (the first the directory gives), with a line saying so when there are more.
     */
    public static String html(Path directory, String urlPath) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (entries.size() == MAX_ENTRIES) {
                    return html(entries, urlPath, true);
                }
                entries.add(new Entry(name, Files.isDirectory(child)));
            }
        }
        return html(entries, urlPath, false);
    }

    static String html(List<Entry> entries, String urlPath) {
        return html(entries, urlPath, false);
    }

    private static String html(List<Entry> entries, String urlPath, boolean cut) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        String title = "Index of " + escapeHtml(urlPath);
        StringBuilder html = new StringBuilder(256 + 64 * sorted.size());
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<ul>\n");
        if (!urlPath.equals("/")) {
            html.append("<li><a href=\"../\">../</a></li>\n");
        }
        for (Entry entry : sorted) {
            String slash = entry.directory() ? "/" : "";
            html.append("<li><a href=\"./").append(encodeSegment(entry.name())).append(slash).append("\">")
                    .append(escapeHtml(entry.name())).append(slash).append("</a></li>\n");
        }
        html.append("</ul>\n");
        if (cut) {
            html.append("<p>Only the first ").append(MAX_ENTRIES).append(" entries are listed.</p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    /** Escapes {@code & < > " '} for HTML text and attribute values. */
    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes a name as one path segment: every byte of its UTF-8 but the unreserved ones. */
    static String encodeSegment(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}

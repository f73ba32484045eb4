package http;

/** Character classes of RFC 9110/9112, as lookup tables. */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    /** tchar: the characters of a token (methods, field names, transfer codings). */
    private static final boolean[] TOKEN = new boolean[256];
    /** field-vchar plus SP and HTAB: what a field value may hold (obs-text included). */
    private static final boolean[] FIELD_VALUE = new boolean[256];
    /** What a request-target may hold: visible ASCII. */
    private static final boolean[] TARGET = new boolean[256];
    /** qdtext: what a quoted-string may hold unescaped (no DQUOTE, no backslash). */
    private static final boolean[] QUOTED_TEXT = new boolean[256];
    /**
     * A reg-name byte (RFC 3986 unreserved and sub-delims) less the comma, which in a Host value can only
     * be a list of hosts; '%' is checked apart, since it must start a percent-encoding.
     */
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean visible = c > 0x20 && c < 0x7f;
            TARGET[c] = visible;
            FIELD_VALUE[c] = visible || c >= 0x80 || c == SP || c == HTAB;
            boolean alphaNum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            TOKEN[c] = alphaNum || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            QUOTED_TEXT[c] = FIELD_VALUE[c] && c != '"' && c != '\\';
            HOST[c] = alphaNum || "-._~!$&'()*+;=".indexOf(c) >= 0;
        }
    }

    private Ascii() {
    }

    static boolean isToken(byte b) {
        return TOKEN[b & 0xff];
    }

    static boolean isFieldValue(byte b) {
        return FIELD_VALUE[b & 0xff];
    }

    static boolean isTarget(byte b) {
        return TARGET[b & 0xff];
    }

    static boolean isQuotedText(byte b) {
        return QUOTED_TEXT[b & 0xff];
    }

    static boolean isHost(byte b) {
        return HOST[b & 0xff];
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /** ASCII lower case of a letter; other bytes unchanged. */
    static int lower(int b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    /** Hex digit value, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = lower(b);
        return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
    }
}

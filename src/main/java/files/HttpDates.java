package files;

/**
 * HTTP-dates (RFC 9110 section 5.6.7): formats IMF-fixdate, and parses the three forms a recipient must
 * accept: IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}). Anything else is
 * not a date: {@link #parse} answers {@link #INVALID}, and the caller ignores the field, as the RFC asks
 * for conditional requests.
 */
public final class HttpDates {
    /** What {@link #parse} answers for a value that is not an HTTP-date. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS =
            {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private HttpDates() {
    }

    /**
     * The date as seconds since the epoch, or {@link #INVALID}. Leading and trailing whitespace is allowed;
     * the day name must be a real one but is not checked against the date (nginx does not read it either).
     * A two-digit RFC 850 year is the most recent year with those digits that is not more than 50 years
     * ahead of {@code nowYear} (RFC 9110 section 5.6.7).
     */
    public static long parse(String value, int nowYear) {
        if (value == null) {
            return INVALID;
        }
        String s = value.strip();
        int comma = s.indexOf(',');
        if (comma == 3) {
            return imfFixdate(s);
        }
        if (comma > 3) {
            return rfc850(s, comma, nowYear);
        }
        return asctime(s);
    }

    /** {@link #parse(String, int)} against the current year. */
    public static long parse(String value) {
        return parse(value, java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}: 29 characters exactly. */
    private static long imfFixdate(String s) {
        if (s.length() != 29 || indexOf(DAYS, s, 0) < 0 || s.charAt(4) != ' ' || s.charAt(7) != ' '
                || s.charAt(11) != ' ' || s.charAt(16) != ' ' || !s.startsWith(" GMT", 25)) {
            return INVALID;
        }
        return toSeconds(digits(s, 12, 4), indexOf(MONTHS, s, 8) + 1, digits(s, 5, 2), s, 17);
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static long rfc850(String s, int comma, int nowYear) {
        int p = comma + 2; // ", "
        int dayName = indexOf(LONG_DAYS, s, 0);
        if (dayName < 0 || LONG_DAYS[dayName].length() != comma || s.length() != p + 22 || s.charAt(comma + 1) != ' ' || s.charAt(p + 2) != '-'
                || s.charAt(p + 6) != '-' || s.charAt(p + 9) != ' ' || !s.startsWith(" GMT", p + 18)) {
            return INVALID;
        }
        int twoDigits = digits(s, p + 7, 2);
        if (twoDigits < 0) {
            return INVALID;
        }
        int year = nowYear - Math.floorMod(nowYear, 100) + twoDigits;
        if (year > nowYear + 50) {
            year -= 100;
        }
        return toSeconds(year, indexOf(MONTHS, s, p + 3) + 1, digits(s, p, 2), s, p + 10);
    }

    /** {@code Sun Nov  6 08:49:37 1994}: the day is padded with a space. */
    private static long asctime(String s) {
        if (s.length() != 24 || indexOf(DAYS, s, 0) < 0 || s.charAt(3) != ' ' || s.charAt(7) != ' '
                || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return INVALID;
        }
        int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        return toSeconds(digits(s, 20, 4), indexOf(MONTHS, s, 4) + 1, day, s, 11);
    }

    /** Checks the fields and the {@code HH:MM:SS} at {@code time}; seconds since the epoch or INVALID. */
    private static long toSeconds(int year, int month, int day, String s, int time) {
        if (year < 0 || month < 1 || day < 1 || s.charAt(time + 2) != ':' || s.charAt(time + 5) != ':') {
            return INVALID;
        }
        int hour = digits(s, time, 2);
        int minute = digits(s, time + 3, 2);
        int second = digits(s, time + 6, 2);
        // second 60: a leap second, which the RFC's grammar allows
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
                || day > daysInMonth(year, month)) {
            return INVALID;
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** IMF-fixdate of {@code epochSeconds}, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static String format(long epochSeconds) {
        long days = Math.floorDiv(epochSeconds, 86_400L);
        int secs = (int) Math.floorMod(epochSeconds, 86_400L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[(int) Math.floorMod(days + 3, 7L)]).append(", ");
        two(sb, date.getDayOfMonth()).append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ');
        int year = date.getYear();
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException("year out of range for an HTTP-date: " + year);
        }
        sb.append(year).append(' ');
        two(sb, secs / 3600).append(':');
        two(sb, secs / 60 % 60).append(':');
        return two(sb, secs % 60).append(" GMT").toString();
    }

    private static StringBuilder two(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** The index of the name that {@code s} has at {@code at} (case-sensitive, as the grammar says), or -1. */
    private static int indexOf(String[] names, String s, int at) {
        for (int i = 0; i < names.length; i++) {
            if (s.startsWith(names[i], at)) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal number of {@code count} digits at {@code at}, or -1. */
    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}

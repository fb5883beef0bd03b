package io.openvcluster.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compute API microversion such as {@code 2.47}. Minor versions compare numerically
 * (2.9 &lt; 2.10), never as decimals.
 */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    public Microversion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative version " + major + "." + minor);
        }
    }

    /** Parses {@code "2.47"}; anything else is a 400, as Nova answers a malformed version header. */
    public static Microversion parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher m = FORMAT.matcher(trimmed);
        if (!m.matches()) {
            throw ApiException.badRequest("Invalid API version request: API Version String '" + trimmed
                    + "' is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        try {
            return new Microversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException tooLong) {
            throw ApiException.badRequest("Invalid API version request: API Version String '" + trimmed
                    + "' is of invalid format. Must be of format MajorNum.MinorNum.");
        }
    }

    /** A 2.x version. */
    public static Microversion v2(int minor) {
        return new Microversion(2, minor);
    }

    /** True when this is 2.{@code minor} or later (any later major counts as later). */
    public boolean atLeast(int minor) {
        return compareTo(v2(minor)) >= 0;
    }

    /** True when this is earlier than 2.{@code minor}. */
    public boolean before(int minor) {
        return !atLeast(minor);
    }

    @Override
    public int compareTo(Microversion other) {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}

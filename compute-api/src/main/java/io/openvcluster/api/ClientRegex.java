package io.openvcluster.api;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A regular expression that a client sent (the server list's {@code name} filter), compiled for RE2/J: matching takes
 * time linear in the text matched, whatever the pattern, so no pattern can keep a request thread busy the way a
 * backtracking engine can be made to ({@code ((a*)*)*b} against forty {@code a}s never ends in {@code java.util.regex}).
 * This is also what Nova's databases give: MySQL and PostgreSQL match {@code REGEXP} without backtracking, and neither
 * takes backreferences.
 *
 * <p>Two bounds come before compiling, because RE2/J's compile time and memory grow with the program a pattern expands
 * to, not with its text: {@code (a{1000}){1000}} is 15 characters and a million instructions (0.7 s and hundreds of MB
 * to compile). A pattern longer than {@value #MAX_LENGTH} characters, or whose program would exceed
 * {@value #MAX_PROGRAM} instructions by {@link RegexProgramSize}'s estimate, is refused with Nova's 400.
 */
public final class ClientRegex {
    /** The longest pattern taken: Nova's longest server name, so a name filter can always spell out a name. */
    public static final int MAX_LENGTH = 255;
    /**
     * The largest program taken, in RE2 instructions. Matching costs at most this many steps per character; at 1,000,
     * a 250-character name is matched in under 0.1 ms on this project's 2-core machine (docs/api-surface.md).
     */
    public static final int MAX_PROGRAM = 1000;

    private ClientRegex() {
    }

    /**
     * @param parameter the query parameter the pattern came in, for the message
     * @throws ApiException 400 for a pattern that is too long, too large, or not a regular expression RE2 takes
     *                      (for example one with a backreference or a lookaround)
     */
    public static Pattern compile(String parameter, String pattern) {
        if (pattern.length() > MAX_LENGTH) {
            throw ApiException.badRequest("Invalid input for query parameters " + parameter + ". The regular "
                    + "expression is " + pattern.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted.");
        }
        long size = RegexProgramSize.estimate(pattern);
        if (size > MAX_PROGRAM) {
            throw ApiException.badRequest("Invalid input for query parameters " + parameter + ". Value: " + pattern
                    + ". The regular expression expands to about " + size + " steps; at most " + MAX_PROGRAM
                    + " are accepted (use fewer or smaller counted repetitions).");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("Invalid input for query parameters " + parameter + ". Value: " + pattern
                    + ". It is not a valid regular expression: " + e.getDescription()
                    + " (backreferences and lookarounds are not supported).");
        }
    }
}

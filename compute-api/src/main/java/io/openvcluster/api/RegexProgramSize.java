package io.openvcluster.api;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper estimate, in one pass over the text, of how many instructions a regular expression compiles to in RE2: each
 * literal, class or escape counts one, a group counts its contents, an alternation the sum of its branches, and a
 * counted repetition {@code x{n,m}} multiplies what it repeats by its largest count, so nested counts multiply
 * ({@code (a{100}){100}} is 10,000). It does not check the syntax (RE2/J does, after this); whatever it cannot read is
 * counted as literals, which only makes the estimate larger. Saturates instead of overflowing.
 */
final class RegexProgramSize {
    private static final long CAP = Long.MAX_VALUE / 4;

    private RegexProgramSize() {
    }

    /** The size of one group (or of the whole pattern) being read. */
    private static final class Group {
        long alternatives; // the branches already closed by '|'
        long sequence;     // the branch being read
        long last;         // the last atom of that branch: what a quantifier applies to

        void atom(long size) {
            last = size;
            sequence = add(sequence, size);
        }

        long size() {
            return add(alternatives, sequence);
        }
    }

    static long estimate(String pattern) {
        Deque<Group> open = new ArrayDeque<>();
        Group current = new Group();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            switch (c) {
                case '\\' -> {
                    i = skipEscape(pattern, i, current);
                    continue;
                }
                case '[' -> {
                    i = skipClass(pattern, i);
                    current.atom(1);
                    continue;
                }
                case '(' -> {
                    open.push(current);
                    current = new Group();
                    i = skipGroupPrefix(pattern, i + 1);
                    continue;
                }
                case ')' -> {
                    if (!open.isEmpty()) {
                        long size = current.size() + 1;
                        current = open.pop();
                        current.atom(size);
                    } else {
                        current.atom(1);
                    }
                }
                case '|' -> {
                    current.alternatives = add(current.alternatives, current.sequence + 1);
                    current.sequence = 0;
                    current.last = 0;
                }
                case '*', '+', '?' -> current.sequence = add(current.sequence, 1);
                case '{' -> {
                    int close = pattern.indexOf('}', i);
                    long count = close < 0 ? -1 : repeatCount(pattern.substring(i + 1, close));
                    if (count < 0) {
                        current.atom(1); // a literal '{'
                    } else {
                        long repeated = multiply(current.last, count);
                        current.sequence = add(current.sequence, repeated - current.last);
                        current.last = repeated;
                        i = close + 1;
                        continue;
                    }
                }
                default -> current.atom(1);
            }
            i++;
        }
        long size = current.size();
        while (!open.isEmpty()) { // unclosed groups: RE2/J refuses them; count what was read
            Group outer = open.pop();
            outer.atom(size);
            size = outer.size();
        }
        return size;
    }

    /** {@code n}, {@code n,} or {@code n,m}: the largest count it allows (n + 1 for {@code n,}); -1 if not a count. */
    private static long repeatCount(String body) {
        int comma = body.indexOf(',');
        String low = comma < 0 ? body : body.substring(0, comma);
        String high = comma < 0 ? "" : body.substring(comma + 1);
        if (!digits(low) || (!high.isEmpty() && !digits(high))) {
            return -1;
        }
        long min = parse(low);
        if (comma < 0) {
            return min;
        }
        return high.isEmpty() ? add(min, 1) : Math.max(min, parse(high));
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parse(String digits) {
        return digits.length() > 12 ? CAP : Long.parseLong(digits);
    }

    /** After a backslash: {@code \p{..}}, {@code \x{..}} and {@code \Q..\E} are read whole; returns the next index. */
    private static int skipEscape(String pattern, int at, Group current) {
        int next = at + 1;
        if (next >= pattern.length()) {
            current.atom(1);
            return next;
        }
        char kind = pattern.charAt(next);
        if (kind == 'Q') {
            int end = pattern.indexOf("\\E", next + 1);
            int stop = end < 0 ? pattern.length() : end;
            for (int k = next + 1; k < stop; k++) {
                current.atom(1);
            }
            return end < 0 ? stop : end + 2;
        }
        if ((kind == 'p' || kind == 'P' || kind == 'x') && next + 1 < pattern.length()
                && pattern.charAt(next + 1) == '{') {
            int end = pattern.indexOf('}', next + 2);
            current.atom(1);
            return end < 0 ? pattern.length() : end + 1;
        }
        current.atom(1);
        return next + 1;
    }

    /** From {@code [} to its closing {@code ]}, with escapes, {@code [:alpha:]} and a leading {@code ]} read whole. */
    private static int skipClass(String pattern, int at) {
        int k = at + 1;
        if (k < pattern.length() && pattern.charAt(k) == '^') {
            k++;
        }
        if (k < pattern.length() && pattern.charAt(k) == ']') {
            k++;
        }
        while (k < pattern.length()) {
            char c = pattern.charAt(k);
            if (c == '\\') {
                k += 2;
            } else if (c == '[' && k + 1 < pattern.length() && pattern.charAt(k + 1) == ':') {
                int end = pattern.indexOf(":]", k + 2);
                k = end < 0 ? k + 1 : end + 2;
            } else if (c == ']') {
                return k + 1;
            } else {
                k++;
            }
        }
        return pattern.length();
    }

    /** After {@code (}: {@code ?:}, {@code ?P<name>}, {@code ?<name>} and flags ({@code ?i:}, {@code ?i}) are skipped. */
    private static int skipGroupPrefix(String pattern, int at) {
        if (at >= pattern.length() || pattern.charAt(at) != '?') {
            return at;
        }
        int k = at + 1;
        if (k < pattern.length() && (pattern.charAt(k) == 'P' || pattern.charAt(k) == '<')) {
            int end = pattern.indexOf('>', k);
            return end < 0 ? pattern.length() : end + 1;
        }
        while (k < pattern.length() && pattern.charAt(k) != ':' && pattern.charAt(k) != ')') {
            k++;
        }
        // "(?i)" sets flags and closes at once: leave the ')' to close the (empty) group
        return k < pattern.length() && pattern.charAt(k) == ':' ? k + 1 : k;
    }

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > CAP / b ? CAP : a * b;
    }
}

package io.openvcluster.translator;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes quantities as the translator writes and reads them: CPU in millicores, memory and storage in MiB. */
final class Quantities {
    private static final Pattern CPU = Pattern.compile("(\\d{1,6})(?:\\.(\\d{1,3}))?|(\\d{1,9})m");
    private static final Pattern BINARY = Pattern.compile("(\\d{1,9})(Mi|Gi)");

    private Quantities() {
    }

    /** {@code 1000} → "1", {@code 250} → "250m". */
    static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** {@code 2048} → "2Gi", {@code 640} → "640Mi". */
    static String mebibytes(long mib) {
        return mib % 1024 == 0 ? (mib / 1024) + "Gi" : mib + "Mi";
    }

    /** "1", "1.5", "250m" → millicores; empty if not one of those forms. */
    static OptionalLong parseCpuMillis(String text) {
        Matcher m = CPU.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        if (m.group(3) != null) {
            return OptionalLong.of(Long.parseLong(m.group(3)));
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        long millis = Long.parseLong(m.group(1)) * 1000 + (fraction.isEmpty() ? 0
                : Long.parseLong((fraction + "00").substring(0, 3)));
        return OptionalLong.of(millis);
    }

    /** "512Mi", "2Gi" → MiB; empty if not one of those forms. */
    static OptionalLong parseMebibytes(String text) {
        Matcher m = BINARY.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(m.group(1));
        return OptionalLong.of(m.group(2).equals("Gi") ? n * 1024 : n);
    }
}

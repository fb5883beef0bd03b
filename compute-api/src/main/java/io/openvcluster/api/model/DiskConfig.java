package io.openvcluster.api.model;

import java.util.Optional;

/**
 * Nova's {@code OS-DCF:diskConfig}: how the client asked the root disk to be partitioned. A vcluster has no disk to
 * partition, so the value changes nothing on the host; it is kept as asked and shown, as Nova shows it.
 */
public enum DiskConfig {
    AUTO, MANUAL;

    /** Nova's value for a server created without one. */
    public static final DiskConfig DEFAULT = MANUAL;

    /** A stored or validated value; anything else (a record written before the field existed) is the default. */
    public static DiskConfig of(Optional<String> value) {
        return value.filter(v -> v.equals(AUTO.name())).map(v -> AUTO).orElse(DEFAULT);
    }
}

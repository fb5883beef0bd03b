package io.openvcluster.api.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two timestamp spellings of the compute API. */
final class Timestamps {
    private static final DateTimeFormatter ISO_SECONDS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS_NO_ZONE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code 2026-11-25T19:12:11Z}: created, updated, fault created, Glance created_at. */
    static String seconds(Instant instant) {
        return ISO_SECONDS_Z.format(instant);
    }

    /** {@code 2026-11-25T19:12:15.000000}: OS-SRV-USG:launched_at (Nova writes it without a zone). */
    static String micros(Instant instant) {
        return MICROS_NO_ZONE.format(instant);
    }
}

package io.openvcluster.server.kube.crd;

/**
 * Values of {@code spec.powerIntent}: the power state the user last asked for. Stored as text so that a newer
 * facade can add intents without a CRD change; the translator's {@code PowerIntent} enum is the typed view.
 */
public final class PowerIntents {
    public static final String RUNNING = "RUNNING";
    public static final String STOPPED = "STOPPED";
    public static final String PAUSED = "PAUSED";
    public static final String SUSPENDED = "SUSPENDED";
    /** A delete with deferred delete on: stopped on the host, kept until restored or reclaimed. */
    public static final String SOFT_DELETED = "SOFT_DELETED";

    private PowerIntents() {
    }
}

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
    /** A shelve: once its snapshot is active, stopped as os-stop stops it. */
    public static final String SHELVED = "SHELVED";
    /** A shelve offloaded: once its snapshot is active, the vcluster's host objects and namespace deleted. */
    public static final String SHELVED_OFFLOADED = "SHELVED_OFFLOADED";
    /** A rescue: stopped, and a rescue pod with the data volume mounted in its stead. */
    public static final String RESCUED = "RESCUED";

    private PowerIntents() {
    }

    /**
     * The intent the host follows. A shelve stops (and offloads) the vcluster only once the reconciler has seen its
     * snapshot active ({@code status.shelvedImageId}): until then, and after a failed snapshot, the vcluster stays in
     * the state the shelve was accepted in, as Nova's shelve leaves a server whose snapshot failed.
     */
    public static String onHost(ServerRecord record) {
        ServerSpec spec = record.getSpec();
        String intent = spec.getPowerIntent() == null ? RUNNING : spec.getPowerIntent();
        if (!SHELVED.equals(intent) && !SHELVED_OFFLOADED.equals(intent)) {
            return intent;
        }
        boolean snapshotTaken = spec.getShelvedImageId() != null && record.getStatus() != null
                && spec.getShelvedImageId().equals(record.getStatus().getShelvedImageId());
        if (snapshotTaken) {
            return intent;
        }
        String before = spec.getAction() == null ? null : spec.getAction().fromVmState();
        return switch (before == null ? "" : before) {
            case "stopped" -> STOPPED;
            case "paused" -> PAUSED;
            case "suspended" -> SUSPENDED;
            default -> RUNNING;
        };
    }
}

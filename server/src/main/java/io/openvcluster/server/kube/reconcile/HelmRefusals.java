package io.openvcluster.server.kube.reconcile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helm's refusals of each server's release, counted by the reconciler: consecutive refusals of one record
 * generation. In memory only: a restarted facade counts again from zero (the ERROR it found stays shown meanwhile),
 * which gives every server Helm refused {@link Reconciler#PERSISTENT_FAILURES} fresh attempts after a restart, e.g.
 * once an operator has fixed the chart source. Persisting the count would cost a status write per failed attempt.
 */
public final class HelmRefusals {
    private record Refusal(long generation, int attempts) {
    }

    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

    /** @return how many times in a row Helm refused this server at this generation, this time included */
    public int refused(String serverId, long generation) {
        return refusals.merge(serverId, new Refusal(generation, 1), (old, first) -> old.generation() == generation
                ? new Refusal(generation, old.attempts() + 1) : first).attempts();
    }

    /**
     * True once Helm refused the server {@link Reconciler#PERSISTENT_FAILURES} times at this generation: the server
     * is ERROR, and Helm is not called again for it until the record changes (any verb: rebuild, resize, stop,
     * delete...) or the facade restarts. Each Helm call lasts seconds and they are serialized, so retrying refused
     * releases every resync would hold up every other server.
     */
    public boolean givenUp(String serverId, long generation) {
        Refusal refusal = refusals.get(serverId);
        return refusal != null && refusal.generation() == generation
                && refusal.attempts() >= Reconciler.PERSISTENT_FAILURES;
    }

    /** Helm accepted the server's release, or the server is gone. */
    public void cleared(String serverId) {
        refusals.remove(serverId);
    }
}

package io.openvcluster.translator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the facade sees of one vcluster on the host, read from informer caches.
 *
 * @param namespacePresent        the host namespace exists (and is not terminating)
 * @param workload                the control-plane StatefulSet {@code app=vcluster,release=<release>}, if any
 * @param kubeconfigSecretPresent Secret {@code vc-<release>} exists: the control plane initialised
 * @param podStatus               the kubectl-like status of pod {@code <release>-0} (Running, Pending,
 *                                ContainerCreating, Init:0/1, CrashLoopBackOff, ...), if the pod exists
 */
public record HostObservation(boolean namespacePresent,
                              Optional<Workload> workload,
                              boolean kubeconfigSecretPresent,
                              Optional<String> podStatus) {

    /** Annotation vcluster's pause sets on the workload. */
    public static final String PAUSED_ANNOTATION = "loft.sh/paused";
    /** vcluster's pause: the replicas to restore on resume. */
    public static final String PAUSED_REPLICAS_ANNOTATION = "loft.sh/paused-replicas";
    /** vcluster's pause: when it was paused. */
    public static final String PAUSED_DATE_ANNOTATION = "loft.sh/paused-date";
    /** Annotation vcluster's restore sets on the workload while it restores a snapshot. */
    public static final String RESTORING_ANNOTATION = "loft.sh/restoring";

    public HostObservation {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(podStatus, "podStatus");
    }

    /** Nothing on the host yet. */
    public static HostObservation absent() {
        return new HostObservation(false, Optional.empty(), false, Optional.empty());
    }

    /**
     * The control-plane workload's replica counts and annotations.
     *
     * @param specReplicas   {@code spec.replicas}
     * @param readyReplicas  {@code status.readyReplicas}
     * @param statusReplicas {@code status.replicas} (pods that still exist, ready or not)
     * @param annotations    the workload's annotations ({@code loft.sh/paused}, ...)
     */
    public record Workload(int specReplicas, int readyReplicas, int statusReplicas, Map<String, String> annotations) {
        public Workload {
            annotations = Map.copyOf(annotations);
        }

        /** vcluster's pause marker is set. */
        public boolean paused() {
            return "true".equals(annotations.get(PAUSED_ANNOTATION));
        }

        /** vcluster's restore marker is set. */
        public boolean restoring() {
            return "true".equals(annotations.get(RESTORING_ANNOTATION));
        }

        /** Every wanted replica is ready. */
        public boolean ready() {
            return specReplicas > 0 && readyReplicas >= specReplicas;
        }
    }
}

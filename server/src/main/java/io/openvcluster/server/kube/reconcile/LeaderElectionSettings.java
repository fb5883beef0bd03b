package io.openvcluster.server.kube.reconcile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Who runs the reconciler when several replicas share one host cluster. With election on, the replicas compete for
 * a Kubernetes Lease in the facade's namespace and only its holder reconciles and seeds the catalog; every replica
 * still serves reads and accepts verbs, which only write records. The durations follow client-go's defaults.
 *
 * @param enabled       compete for the lease; off means this replica always reconciles (a single replica, the sandbox)
 * @param leaseName     the Lease object's name
 * @param leaseDuration how long a lease stays valid without renewal; a dead leader is replaced after at most this
 * @param renewDeadline how long the leader keeps trying to renew before it gives up and stops reconciling
 * @param retryPeriod   how often a follower tries to acquire, and the leader renews
 * @param podName       this replica's name (the pod name in a cluster); the lease holder identity adds a random suffix
 */
public record LeaderElectionSettings(boolean enabled, String leaseName, Duration leaseDuration, Duration renewDeadline,
                                     Duration retryPeriod, String podName) {
    public static final String DEFAULT_LEASE_NAME = "open-vcluster-api-reconciler";
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    public LeaderElectionSettings {
        if (enabled && !(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0)) {
            throw new IllegalArgumentException("leader election needs lease duration (" + leaseDuration
                    + ") > renew deadline (" + renewDeadline + ") > retry period (" + retryPeriod + ")");
        }
    }

    /** Off: this replica reconciles on its own. */
    public static LeaderElectionSettings disabled() {
        return new LeaderElectionSettings(false, DEFAULT_LEASE_NAME, DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE,
                DEFAULT_RETRY_PERIOD, localName());
    }

    public LeaderElectionSettings withEnabled(boolean on) {
        return new LeaderElectionSettings(on, leaseName, leaseDuration, renewDeadline, retryPeriod, podName);
    }

    /**
     * The lease holder identity: the pod name plus a random suffix, so that two backends in one process (tests) or a
     * restarted container with the same name are never mistaken for the holder they replace.
     */
    String newHolderIdentity() {
        return podName + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The host name, which Kubernetes sets to the pod name; the process id when even that is unknown. */
    static String localName() {
        return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "pid-" + ProcessHandle.current().pid();
            }
        });
    }
}

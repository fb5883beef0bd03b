package io.openvcluster.server.kube.crd;

import java.util.List;

/**
 * The pods a reboot restarts, fixed before any is deleted (status {@code restart}): a pod is deleted only while it
 * still exists with one of these uids, so a reboot restarts each pod exactly once, even when the reconciler is
 * restarted half-way through.
 *
 * @param requestId the reboot's request id
 * @param podUids   uids of the control-plane pod and (HARD) the synced workload pods present at the time
 */
public record PodRestart(String requestId, List<String> podUids) {
    public PodRestart {
        podUids = podUids == null ? List.of() : List.copyOf(podUids);
    }
}

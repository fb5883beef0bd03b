package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.server.kube.provision.HelmClient;
import io.openvcluster.server.work.DeadlineExceededException;
import java.net.HttpURLConnection;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a failed reconcile pass leads to, by kind: back-off and retry (an API failure, a transient Helm failure, a
 * pass past its deadline, a bug), ERROR at once (a record that cannot be built), or ERROR after
 * {@link Reconciler#PERSISTENT_FAILURES} refusals the API server will keep giving. Each failure is logged and recorded
 * in the server's status ({@link StatusWriter#passFailed}) for an admin's diagnostics.
 */
final class PassFailures {
    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    private static final Set<Integer> RETRYABLE = Set.of(HttpURLConnection.HTTP_CONFLICT, 429);

    private final WorkQueue queue;
    private final StatusWriter statusWriter;
    private final BiConsumer<String, String> failPersistently;

    /** @param failPersistently puts a server in ERROR with a fault message */
    PassFailures(WorkQueue queue, StatusWriter statusWriter, BiConsumer<String, String> failPersistently) {
        this.queue = queue;
        this.statusWriter = statusWriter;
        this.failPersistently = failPersistently;
    }

    /** @return the kind of failure, the outcome of the pass in the {@code ovc.reconcile.passes} meter */
    String failed(String serverId, RuntimeException failure) {
        String kind = switch (failure) {
            case DeadlineExceededException e -> {
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + " (" + queue.failed(serverId)
                        + " in a row); it resumes from what it observes on the next pass, after a back-off");
                yield "deadline";
            }
            case KubernetesClientException e -> {
                int failures = queue.failed(serverId);
                LOG.log(System.Logger.Level.DEBUG, "reconcile " + serverId + " failed (" + failures + "): "
                        + e.getMessage());
                if (!RETRYABLE.contains(e.getCode()) && e.getCode() >= 400 && e.getCode() < 500
                        && failures >= Reconciler.PERSISTENT_FAILURES) {
                    failPersistently.accept(serverId, "the host cluster refused the vcluster's objects: "
                            + e.getMessage());
                }
                yield "kube_error";
            }
            case HelmClient.HelmException e -> {
                // counted and turned into ERROR by the pass itself, which knows the generation Helm refused
                LOG.log(System.Logger.Level.WARNING, "reconcile " + serverId + " failed (" + queue.failed(serverId)
                        + ", " + (e.transientFailure() ? "transient, retried" : "refused") + "): " + e.getMessage());
                yield "helm_error";
            }
            case IllegalArgumentException e -> {
                // the chart cannot be rendered for this record (e.g. invalid flavor extra specs): retrying will not help
                queue.succeeded(serverId);
                failPersistently.accept(serverId, "cannot build the vcluster for this server: " + e.getMessage());
                yield "invalid";
            }
            default -> {
                queue.failed(serverId);
                LOG.log(System.Logger.Level.WARNING, "reconcile " + serverId + " failed", failure);
                yield "error";
            }
        };
        if (!kind.equals("invalid")) {
            statusWriter.passFailed(serverId, kind, String.valueOf(failure.getMessage()));
        }
        return kind;
    }
}

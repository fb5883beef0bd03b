package io.openvcluster.server.kube.provision;

import java.util.List;
import java.util.Optional;

/**
 * The Helm commands the {@link HelmProvisioner} uses, and nothing more: the seam between the provisioning logic and
 * the Helm embedded in helm-java ({@link HelmJavaClient}). Every method is one Helm command on one release.
 */
public interface HelmClient {
    /**
     * {@code helm upgrade --install <release> <chart> --namespace <ns> [--version <v>] -f <values>
     * --description <d>}: a new revision with exactly these values (no reuse of the previous revision's values).
     */
    void upgradeInstall(String release, String namespace, ChartSource chart, Optional<String> version,
                        String valuesYaml, String description);

    /** {@code helm history}: the release's revisions, oldest first; empty when there is no such release. */
    List<Revision> history(String release, String namespace);

    /** {@code helm get values --revision <n>}: the values a revision was installed with (the user-supplied ones). */
    String values(String release, String namespace, int revision);

    /** {@code helm uninstall --ignore-not-found}. */
    void uninstall(String release, String namespace);

    record Revision(int number, String status, String description) {
    }

    /**
     * A Helm command failed, with Helm's message. Transient failures are retried by the reconciler like an API
     * server outage; refusals end, when they repeat, in ERROR ({@link HelmFailures} has the rule).
     */
    final class HelmException extends RuntimeException {
        HelmException(String message, Throwable cause) {
            super(message, cause);
        }

        /** Helm could not reach something, or was answered with a server error: worth retrying. */
        public boolean transientFailure() {
            return HelmFailures.isTransient(getMessage());
        }
    }
}

package io.openvcluster.server.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import java.util.Optional;

/**
 * The host objects the compute service reads for a request (consoles, snapshot options), answered by the informer
 * caches of {@link HostCache}, so that these reads cost no API call and keep working while the API fails.
 */
public interface HostReads {
    /** A vcluster Secret ({@code app=vcluster}), such as the kubeconfig {@code vc-<release>} its control plane exports. */
    Optional<Secret> vclusterSecret(String namespace, String name);

    /** A vcluster Service ({@code app=vcluster}), such as {@code <release>} with its LoadBalancer address if any. */
    Optional<Service> vclusterService(String namespace, String name);

    /** The snapshot store's credentials ({@code OVC_SNAPSHOT_CREDENTIALS}), decoded; empty without that Secret. */
    Map<String, String> snapshotCredentials();
}

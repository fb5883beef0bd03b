package io.openvcluster.server.kube.host;

import java.util.Map;
import java.util.Optional;

/**
 * The host objects the compute service reads for a request (consoles, snapshot options), answered by the informer
 * caches of {@link HostCache}, so that these reads cost no API call and keep working while the API fails.
 */
public interface HostReads {
    /**
     * Whether a vcluster Secret ({@code app=vcluster}) exists, such as the kubeconfig {@code vc-<release>} its
     * control plane exports (the cache keeps no Secret data).
     */
    boolean vclusterSecretExists(String namespace, String name);

    /**
     * The first LoadBalancer address (host name, else IP) of a vcluster Service ({@code app=vcluster}), such as
     * {@code <release>}; empty without the Service or an address.
     */
    Optional<String> vclusterLoadBalancerHost(String namespace, String name);

    /** The snapshot store's credentials ({@code OVC_SNAPSHOT_CREDENTIALS}), decoded; empty without that Secret. */
    Map<String, String> snapshotCredentials();
}

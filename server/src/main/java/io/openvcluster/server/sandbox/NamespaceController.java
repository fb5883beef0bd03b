package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.stream.Stream;

/**
 * Plays the namespace controller: once a namespace is gone, nothing is left in it. The mock deletes a namespace at
 * once and keeps its contents, so this deletes, kind by kind, what a vcluster and the facade put there.
 */
final class NamespaceController {
    private final KubernetesClient client;

    NamespaceController(KubernetesClient client) {
        this.client = client;
    }

    /** The namespaces whose deletion it answers: all. */
    NonNamespaceOperation<Namespace, NamespaceList, Resource<Namespace>> watchedNamespaces() {
        return client.namespaces();
    }

    /** Deletes what is left in {@code namespace}, unless the namespace is there (again). */
    void cascadeDelete(String namespace) {
        if (client.namespaces().withName(namespace).get() != null) {
            return;
        }
        Stream.<Runnable>of(
                () -> client.apps().statefulSets().inNamespace(namespace).delete(),
                () -> client.apps().deployments().inNamespace(namespace).delete(),
                () -> client.pods().inNamespace(namespace).delete(),
                () -> client.services().inNamespace(namespace).delete(),
                () -> client.secrets().inNamespace(namespace).delete(),
                () -> client.configMaps().inNamespace(namespace).delete(),
                () -> client.serviceAccounts().inNamespace(namespace).delete(),
                () -> client.rbac().roles().inNamespace(namespace).delete(),
                () -> client.rbac().roleBindings().inNamespace(namespace).delete(),
                () -> client.resourceQuotas().inNamespace(namespace).delete(),
                () -> client.limitRanges().inNamespace(namespace).delete(),
                () -> client.persistentVolumeClaims().inNamespace(namespace).delete())
                .forEach(Runnable::run);
    }
}

package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;

/**
 * The sandbox cluster's nodes: three of the same size, ready, as a small real cluster would show them. They exist
 * so that the facade's hypervisor (the host cluster's capacity) has something to sum; no pod is scheduled on them.
 */
final class SandboxNodes {
    static final int COUNT = 3;
    static final int CPUS = 16;
    static final String MEMORY = "64Gi";
    static final String EPHEMERAL_STORAGE = "500Gi";
    static final String KUBELET_VERSION = "v1.33.4";

    private SandboxNodes() {
    }

    static void create(KubernetesClient client, Instant now) {
        for (int i = 1; i <= COUNT; i++) {
            client.resource(node("sandbox-node-" + i, now)).create();
        }
    }

    private static Node node(String name, Instant now) {
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity(String.valueOf(CPUS)),
                "memory", new Quantity(MEMORY), "ephemeral-storage", new Quantity(EPHEMERAL_STORAGE),
                "pods", new Quantity("110"));
        return new NodeBuilder()
                .withNewMetadata().withName(name).withCreationTimestamp(now.toString())
                .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/arch", "amd64").endMetadata()
                .withNewStatus()
                .withCapacity(allocatable).withAllocatable(allocatable)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition()
                .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux")
                .withKubeletVersion(KUBELET_VERSION).withContainerRuntimeVersion("containerd://2.1.4")
                .endNodeInfo()
                .endStatus()
                .build();
    }
}

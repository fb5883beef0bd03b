package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host cluster's nodes, from an informer: what the cluster can give (the sum of the ready nodes' allocatable
 * CPU, memory and ephemeral storage) is what Nova calls the hypervisor's size. The informer lists and watches
 * Nodes cluster-wide; while it does not (no rights, the API unreachable), the host counts as down.
 */
public final class HostNodes implements AutoCloseable {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024);
    private static final BigDecimal GIB = MIB.multiply(BigDecimal.valueOf(1024));

    private final SharedIndexInformer<Node> nodes;

    private HostNodes(SharedIndexInformer<Node> nodes) {
        this.nodes = nodes;
    }

    /** Starts the informer; it lists in the background. */
    public static HostNodes start(KubernetesClient client) {
        SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
        informer.start();
        return new HostNodes(informer);
    }

    /**
     * What the ready nodes can give, summed; an empty capacity while the nodes were never listed. Whole CPUs (a
     * node's 3500m counts 3), MiB and GiB, rounded down, as a hypervisor reports them.
     */
    public Capacity capacity() {
        List<Node> ready = nodes.getStore().list().stream().filter(HostNodes::ready).toList();
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        BigDecimal disk = BigDecimal.ZERO;
        for (Node node : ready) {
            Map<String, Quantity> allocatable = Optional.ofNullable(node.getStatus().getAllocatable()).orElse(Map.of());
            cpu = cpu.add(amount(allocatable.get("cpu")));
            memory = memory.add(amount(allocatable.get("memory")));
            disk = disk.add(amount(allocatable.get("ephemeral-storage")));
        }
        Optional<Node> oldest = ready.stream().min(Comparator.comparing(n -> n.getMetadata().getCreationTimestamp()));
        return new Capacity(ready.size(), cpu.intValue(), memory.divideToIntegralValue(MIB).intValue(),
                disk.divideToIntegralValue(GIB).intValue(),
                oldest.map(n -> n.getStatus().getNodeInfo().getArchitecture()).orElse(""),
                oldest.map(n -> n.getStatus().getNodeInfo().getKubeletVersion()).orElse(""),
                oldest.map(n -> Instant.parse(n.getMetadata().getCreationTimestamp())));
    }

    /**
     * Waits, up to {@code bound}, until the nodes are listed and watched, so that the host shows up from the first
     * request; false when they are not by then (no rights to read nodes, or the API server does not answer).
     */
    public boolean awaitWatching(java.time.Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!nodes.isWatching()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** True while the informer's watch runs: the host cluster's API server answers. */
    public boolean reachable() {
        return nodes.isWatching();
    }

    @Override
    public void close() {
        nodes.close();
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                && !Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable());
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
    }

    /**
     * @param nodes        ready, schedulable nodes
     * @param vcpus        their allocatable CPUs, whole
     * @param memoryMb     their allocatable memory, MiB
     * @param diskGb       their allocatable ephemeral storage, GiB
     * @param architecture the oldest ready node's ({@code amd64}), empty without nodes
     * @param kubeletVersion the oldest ready node's kubelet ({@code v1.33.1}), empty without nodes
     * @param upSince      when the oldest ready node joined the cluster
     */
    public record Capacity(int nodes, int vcpus, int memoryMb, int diskGb, String architecture, String kubeletVersion,
                           Optional<Instant> upSince) {
    }
}

package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.translator.VclusterNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The reconciler's step for security groups: the host namespace of a server holds the NetworkPolicies of its groups
 * ({@link NetworkPolicyRules}) and their member labels, and nothing else of ours. It compares what the records ask
 * for, and the namespace's resourceVersion in the host cache, with what it last applied to that server (kept in
 * memory, so a steady server costs no API call; after a restart every server is compared with the host once); when
 * they differ (a rule or a membership changed, the namespace was made anew or its labels edited) it reads the
 * namespace and our policies in it, and creates, updates and deletes what differs. A group's change wakes its member servers
 * ({@link #wakeMembers}).
 */
public final class SecurityGroupPolicies {
    private final KubernetesClient client;
    private final RecordStore store;
    private final HostCache hostCache;
    /** Per server, what was last applied: a pass that asks for the same on the same namespace does nothing. */
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();

    /** The desired state applied, and the namespace's resourceVersion after it (its labels were ours then). */
    private record Applied(NetworkPolicyRules.Desired desired, String namespaceVersion) {
    }

    public SecurityGroupPolicies(KubernetesClient client, RecordStore store, HostCache hostCache) {
        this.client = client;
        this.store = store;
        this.hostCache = hostCache;
    }

    /**
     * Puts the server's groups on its host namespace; nothing while the namespace is not there (its creation wakes the
     * server again) or while an offloaded shelve keeps nothing on the host.
     */
    public void ensure(ServerRecord record, VclusterNames names) {
        String serverId = record.getMetadata().getName();
        if (PowerIntents.SHELVED_OFFLOADED.equals(PowerIntents.onHost(record))) {
            forget(serverId); // nothing on the host: the unshelve puts the policies back with the namespace
            return;
        }
        List<SecurityGroupRecord> groups = Optional.ofNullable(record.getSpec().getSecurityGroups()).orElse(List.of())
                .stream().map(store::securityGroup).flatMap(Optional::stream).toList();
        NetworkPolicyRules.Desired desired = NetworkPolicyRules.desired(serverId, names.namespace(), groups);
        Optional<String> namespaceVersion = hostCache.namespaceVersion(names.namespace());
        if (namespaceVersion.isPresent()
                && new Applied(desired, namespaceVersion.get()).equals(applied.get(serverId))) {
            return;
        }
        Namespace namespace = client.namespaces().withName(names.namespace()).get();
        if (namespace == null) {
            return;
        }
        String version = labelMembers(namespace, desired.memberLabels());
        var policies = client.network().v1().networkPolicies().inNamespace(names.namespace());
        Map<String, NetworkPolicy> present = new HashMap<>();
        policies.withLabel(NetworkPolicyRules.LABEL_GROUP).list().getItems()
                .forEach(p -> present.put(p.getMetadata().getName(), p));
        for (NetworkPolicy wanted : desired.policies()) {
            NetworkPolicy current = present.remove(wanted.getMetadata().getName());
            if (current == null) {
                policies.resource(wanted).create();
            } else if (!Objects.equals(current.getSpec(), wanted.getSpec())
                    || !Objects.equals(current.getMetadata().getLabels(), wanted.getMetadata().getLabels())) {
                wanted.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                policies.resource(wanted).update();
            }
        }
        for (NetworkPolicy extra : present.values()) {
            policies.withName(extra.getMetadata().getName()).delete();
        }
        applied.put(serverId, new Applied(desired, version));
    }

    /**
     * The namespace's member labels set to the server's groups, other member labels removed; its resourceVersion
     * afterwards.
     */
    private String labelMembers(Namespace namespace, Map<String, String> wanted) {
        Map<String, String> labels = new HashMap<>(Optional.ofNullable(namespace.getMetadata().getLabels())
                .orElse(Map.of()));
        Map<String, String> next = new HashMap<>(labels);
        next.keySet().removeIf(NetworkPolicyRules::memberLabel);
        next.putAll(wanted);
        if (next.equals(labels)) {
            return namespace.getMetadata().getResourceVersion();
        }
        namespace.getMetadata().setLabels(next);
        return client.namespaces().resource(namespace).update().getMetadata().getResourceVersion();
    }

    /** The server is gone from the host (deleted, or offloaded): its next placement applies everything again. */
    public void forget(String serverId) {
        applied.remove(serverId);
    }

    /** A handler that passes every member server of a group that changed (or went) to {@code wake}. */
    public static ResourceEventHandler<SecurityGroupRecord> wakeMembers(RecordStore store, Consumer<String> wake) {
        Consumer<SecurityGroupRecord> members = group -> store.serversOfProject(group.getSpec().getProjectId())
                .stream().filter(s -> s.getSpec().getSecurityGroups() != null
                        && s.getSpec().getSecurityGroups().contains(group.getSpec().getId()))
                .forEach(s -> wake.accept(s.getMetadata().getName()));
        return HostCache.handler(members);
    }
}

package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
import io.openvcluster.server.kube.crd.SecurityGroupRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A server's security groups as NetworkPolicies of its host namespace (networking.k8s.io/v1), and the labels its
 * namespace carries for the rules that name its groups as their remote group. Every policy selects every pod of the
 * namespace (the vcluster's control plane and the workloads it synced) for ingress, so being in any group denies
 * the ingress its rules do not admit:
 *
 * <ul>
 *   <li>{@code ovc-sg-<group id>}, one per group: one ingress rule per rule of the group. TCP or UDP with a port
 *       range becomes {@code port} and {@code endPort}; no protocol, every protocol and port; a CIDR an
 *       {@code ipBlock}; a remote group a {@code namespaceSelector} on that group's member label. An ICMP rule
 *       cannot be said in a NetworkPolicy (it has no ICMP) and admits nothing.</li>
 *   <li>{@code ovc-sg-own-namespace}: the namespace's own pods reach each other (the vcluster's syncer and its API
 *       server, DNS, the snapshot and rescue pods), whatever the groups say.</li>
 * </ul>
 */
public final class NetworkPolicyRules {
    public static final String PREFIX = "ovc-sg-";
    public static final String OWN_NAMESPACE = PREFIX + "own-namespace";
    /** Label on each of these policies: the group it comes from ({@code own-namespace} for the shared one). */
    public static final String LABEL_GROUP = Records.GROUP + "/security-group";
    /** The value of a namespace's member label ({@link Records#securityGroupMemberLabel}). */
    public static final String MEMBER = "member";
    private static final String MEMBER_LABEL_PREFIX = Records.securityGroupMemberLabel("");

    private NetworkPolicyRules() {
    }

    /** What the host namespace should hold for the server's groups (none when it is in none). */
    public record Desired(List<NetworkPolicy> policies, Map<String, String> memberLabels) {
    }

    public static Desired desired(String serverId, String namespace, List<SecurityGroupRecord> groups) {
        if (groups.isEmpty()) {
            return new Desired(List.of(), Map.of());
        }
        List<NetworkPolicy> policies = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (SecurityGroupRecord group : groups) {
            String id = group.getSpec().getId();
            labels.put(Records.securityGroupMemberLabel(id), MEMBER);
            List<NetworkPolicyIngressRule> ingress = group.getSpec().getRules().stream()
                    .map(NetworkPolicyRules::ingress).flatMap(Optional::stream).toList();
            policies.add(policy(serverId, namespace, PREFIX + id, id, ingress));
        }
        NetworkPolicyIngressRule own = new NetworkPolicyIngressRule();
        own.setFrom(List.of(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build()));
        policies.add(policy(serverId, namespace, OWN_NAMESPACE, "own-namespace", List.of(own)));
        return new Desired(policies, labels);
    }

    /** Whether a namespace label is a security group member label (ours to add and remove). */
    public static boolean memberLabel(String key) {
        return key.startsWith(MEMBER_LABEL_PREFIX);
    }

    /** One rule's ingress; empty for an ICMP rule, which a NetworkPolicy cannot express. */
    static Optional<NetworkPolicyIngressRule> ingress(SecurityGroupRule rule) {
        String protocol = Optional.ofNullable(rule.protocol()).map(p -> p.toUpperCase(Locale.ROOT)).orElse("");
        if (protocol.equals("ICMP")) {
            return Optional.empty();
        }
        NetworkPolicyIngressRule ingress = new NetworkPolicyIngressRule();
        if (protocol.equals("TCP") || protocol.equals("UDP")) {
            NetworkPolicyPortBuilder port = new NetworkPolicyPortBuilder().withProtocol(protocol)
                    .withPort(new IntOrString(rule.fromPort()));
            if (rule.toPort() != null && !rule.toPort().equals(rule.fromPort())) {
                port.withEndPort(rule.toPort());
            }
            ingress.setPorts(List.<NetworkPolicyPort>of(port.build()));
        }
        NetworkPolicyPeer peer = rule.remoteGroupId() != null
                ? new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                .addToMatchLabels(Records.securityGroupMemberLabel(rule.remoteGroupId()), MEMBER).build()).build()
                : new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(rule.ipBlock()).endIpBlock().build();
        ingress.setFrom(List.of(peer));
        return Optional.of(ingress);
    }

    private static NetworkPolicy policy(String serverId, String namespace, String name, String group,
                                        List<NetworkPolicyIngressRule> ingress) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(Records.LABEL_SERVER_ID, serverId).addToLabels(LABEL_GROUP, group).endMetadata()
                .withNewSpec().withPodSelector(new LabelSelector()).withPolicyTypes("Ingress")
                .withIngress(ingress).endSpec()
                .build();
    }
}

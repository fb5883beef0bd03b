package io.openvcluster.server.kube.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
import io.openvcluster.server.kube.crd.SecurityGroupRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPolicyRulesTest {
    private static final String WEB = "0e1b3c1a-1111-4222-8333-444455556666";
    private static final String DB = "1e1b3c1a-1111-4222-8333-444455556666";

    @Test
    void eachRuleIsAnIngressRuleOfItsGroupsPolicyAndIcmpAdmitsNothing() {
        SecurityGroupRecord web = group(WEB, List.of(
                new SecurityGroupRule("r1", "tcp", 443, 443, "10.1.2.3/8", null, "10.0.0.0/8"),
                // stored before rules kept their network apart: the cidr is the network
                new SecurityGroupRule("r2", "udp", 5000, 5010, "0.0.0.0/0", null, null),
                new SecurityGroupRule("r3", "icmp", -1, -1, "0.0.0.0/0", null, "0.0.0.0/0"),
                new SecurityGroupRule("r4", null, null, null, null, DB, null)));
        NetworkPolicyRules.Desired desired = NetworkPolicyRules.desired("s1", "vcluster-a", List.of(web));
        assertEquals(Map.of(Records.securityGroupMemberLabel(WEB), "member"), desired.memberLabels());
        assertEquals(List.of("ovc-sg-" + WEB, "ovc-sg-own-namespace"),
                desired.policies().stream().map(p -> p.getMetadata().getName()).toList());
        NetworkPolicy policy = desired.policies().getFirst();
        assertEquals("vcluster-a", policy.getMetadata().getNamespace());
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        assertTrue(policy.getSpec().getPodSelector().getMatchLabels() == null
                || policy.getSpec().getPodSelector().getMatchLabels().isEmpty());
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertEquals(3, ingress.size(), "the ICMP rule has none");
        assertEquals(443, ingress.get(0).getPorts().getFirst().getPort().getIntVal());
        assertNull(ingress.get(0).getPorts().getFirst().getEndPort(), "one port: no range");
        assertEquals("10.0.0.0/8", ingress.get(0).getFrom().getFirst().getIpBlock().getCidr());
        assertEquals("UDP", ingress.get(1).getPorts().getFirst().getProtocol());
        assertEquals(5010, ingress.get(1).getPorts().getFirst().getEndPort());
        assertTrue(ingress.get(2).getPorts() == null || ingress.get(2).getPorts().isEmpty(), "every protocol");
        assertEquals(Map.of(Records.securityGroupMemberLabel(DB), "member"),
                ingress.get(2).getFrom().getFirst().getNamespaceSelector().getMatchLabels());
        NetworkPolicy own = desired.policies().get(1);
        assertEquals(Map.of(), own.getSpec().getIngress().getFirst().getFrom().getFirst().getPodSelector()
                .getMatchLabels() == null ? Map.of() : own.getSpec().getIngress().getFirst().getFrom().getFirst()
                .getPodSelector().getMatchLabels());
    }

    @Test
    void aServerInNoGroupHasNoPolicyAndAGroupWithoutRulesDeniesAll() {
        assertEquals(new NetworkPolicyRules.Desired(List.of(), Map.of()),
                NetworkPolicyRules.desired("s1", "vcluster-a", List.of()));
        NetworkPolicy empty = NetworkPolicyRules.desired("s1", "vcluster-a", List.of(group(DB, List.of())))
                .policies().getFirst();
        assertEquals(List.of(), empty.getSpec().getIngress());
        assertEquals(List.of("Ingress"), empty.getSpec().getPolicyTypes());
        assertTrue(NetworkPolicyRules.memberLabel(Records.securityGroupMemberLabel(DB)));
        assertTrue(!NetworkPolicyRules.memberLabel(Records.LABEL_SERVER_ID));
    }

    private static SecurityGroupRecord group(String id, List<SecurityGroupRule> rules) {
        SecurityGroupRecord group = new SecurityGroupRecord();
        group.getSpec().setId(id);
        group.getSpec().setName(id);
        group.getSpec().setProjectId("p");
        group.getSpec().setRules(rules);
        return group;
    }
}

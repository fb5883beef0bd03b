package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.SecurityGroupRule;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityGroupRulesTest {
    private static final String PARENT = "0e1b3c1a-1111-4222-8333-444455556666";
    private static final String REMOTE = "1e1b3c1a-1111-4222-8333-444455556666";

    @Test
    void aCidrIsKeptAsItsNetworkInTheFormAnIpBlockTakes() {
        assertEquals("10.0.0.0/8", SecurityGroupRules.cidr("10.1.2.3/8"));
        assertEquals("192.168.1.7/32", SecurityGroupRules.cidr("192.168.1.7"));
        assertEquals("0.0.0.0/0", SecurityGroupRules.cidr("0.0.0.0/0"));
        assertEquals("2001:db8::/32", SecurityGroupRules.cidr("2001:DB8:0:0:1::1/32"));
        assertEquals("::/0", SecurityGroupRules.cidr("::/0"));
        assertEquals("::ffff:10.0.0.0/104", SecurityGroupRules.cidr("::ffff:10.1.2.3/104"));
        assertEquals("fe80::1/128", SecurityGroupRules.cidr("fe80::1"));
    }

    @Test
    void whatIsNoNetworkIsNovasBadRequest() {
        for (String bad : new String[] {"10.0.0.0/33", "256.1.1.1/8", "10.0.0/8", "example.com/8", "1::2::3/64",
                "1:2:3:4:5:6:7:8:9/64", "10.0.0.0/", "10.0.0.0/-1", "::/129", ""}) {
            ApiException e = assertThrows(ApiException.class, () -> SecurityGroupRules.cidr(bad), bad);
            assertEquals(400, e.status(), bad);
            assertEquals(bad + " is not a valid IP network.", e.getMessage(), bad);
        }
        assertEquals("Bad prefix for network in cidr 10.0.0.1/0",
                assertThrows(ApiException.class, () -> SecurityGroupRules.cidr("10.0.0.1/0")).getMessage());
    }

    @Test
    void aRemoteGroupRuleOpensEveryPortOfItsProtocolAndIgnoresTheCidr() {
        SecurityGroupRule tcp = SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT, Optional.of("TCP"),
                Optional.empty(), Optional.empty(), Optional.of("0.0.0.0/0"), Optional.empty()), Optional.of(REMOTE));
        assertEquals("tcp", tcp.protocol());
        assertEquals(1, tcp.fromPort());
        assertEquals(65535, tcp.toPort());
        assertNull(tcp.cidr());
        assertEquals(REMOTE, tcp.remoteGroupId());
        SecurityGroupRule any = SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), Optional.of(REMOTE));
        assertNull(any.protocol());
        assertNull(any.fromPort());
    }

    @Test
    void portsComeAsNumbersOrStringsAndIcmpHasTypeAndCode() {
        SecurityGroupRule rule = SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT, Optional.of("udp"),
                Optional.of(" 53"), Optional.of("54"), Optional.empty(), Optional.empty()), Optional.empty());
        assertEquals(53, rule.fromPort());
        assertEquals("0.0.0.0/0", rule.cidr());
        assertEquals("0.0.0.0/0", rule.network());
        SecurityGroupRule hostBits = SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT, Optional.of("tcp"),
                Optional.of("22"), Optional.of("22"), Optional.of("10.2.3.124/24"), Optional.empty()), Optional.empty());
        assertEquals("10.2.3.124/24", hostBits.cidr(), "kept as given, as Nova does");
        assertEquals("10.2.3.0/24", hostBits.network());
        SecurityGroupRule icmp = SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT, Optional.of("icmp"),
                Optional.of("-1"), Optional.of("-1"), Optional.empty(), Optional.empty()), Optional.empty());
        assertEquals(-1, icmp.toPort());
        assertEquals("Invalid port range 8:256. For ICMP, the type:code must be valid",
                assertThrows(ApiException.class, () -> SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT,
                        Optional.of("icmp"), Optional.of("8"), Optional.of("256"), Optional.empty(),
                        Optional.empty()), Optional.empty())).getMessage());
        assertEquals("Invalid input received: Type and Code must be integers for ICMP protocol type",
                assertThrows(ApiException.class, () -> SecurityGroupRules.parse(new NewSecurityGroupRule(PARENT,
                        Optional.of("icmp"), Optional.of("x"), Optional.of("0"), Optional.empty(),
                        Optional.empty()), Optional.empty())).getMessage());
    }
}

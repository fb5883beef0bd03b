package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One ingress rule of a security group, as Nova keeps it: an id (a UUID), a protocol ({@code tcp}, {@code udp},
 * {@code icmp}; absent for every protocol), a port range (absent for every port), and its source: a CIDR, or the
 * members of a remote group of the same project ({@code remoteGroupId}). The CIDR is kept as the client gave it, as
 * Nova does ({@code 10.2.3.124/24}); {@code network} is the same range with the host bits cleared
 * ({@code 10.2.3.0/24}), the form a NetworkPolicy's {@code ipBlock} takes. Rules stored before {@code network} existed
 * kept the network in {@code cidr}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityGroupRule(String id, String protocol, Integer fromPort, Integer toPort, String cidr,
                                String remoteGroupId, String network) {

    /** The range for a NetworkPolicy's {@code ipBlock}. */
    public String ipBlock() {
        return network != null ? network : cidr;
    }
}

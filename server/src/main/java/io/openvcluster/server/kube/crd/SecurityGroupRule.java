package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One ingress rule of a security group, as Nova keeps it: an id (a UUID), a protocol ({@code tcp}, {@code udp},
 * {@code icmp}; absent for every protocol), a port range (absent for every port), and its source: a CIDR, or the
 * members of a remote group of the same project ({@code remoteGroupId}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityGroupRule(String id, String protocol, Integer fromPort, Integer toPort, String cidr,
                                String remoteGroupId) {
}

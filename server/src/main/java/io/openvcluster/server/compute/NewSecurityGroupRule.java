package io.openvcluster.server.compute;

import java.util.Optional;

/**
 * A {@code POST /os-security-group-rules} body as sent: Nova checks the values itself (ports may come as numbers or
 * as strings of digits), so they stay text until {@link SecurityGroupRules#parse} checks them.
 */
public record NewSecurityGroupRule(String parentGroupId, Optional<String> protocol, Optional<String> fromPort,
                                   Optional<String> toPort, Optional<String> cidr, Optional<String> groupId) {
}

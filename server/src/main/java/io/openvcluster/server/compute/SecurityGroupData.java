package io.openvcluster.server.compute;

import java.util.List;
import java.util.Optional;

/** A security group as Nova's {@code os-security-groups} shows it. */
public record SecurityGroupData(String id, String name, String description, String projectId,
                                List<Rule> rules) {
    public SecurityGroupData {
        rules = List.copyOf(rules);
    }

    /**
     * One ingress rule: every protocol and port when {@code protocol} is empty; its source a CIDR or the members of
     * {@code remoteGroup}.
     */
    public record Rule(String id, String parentGroupId, Optional<String> protocol, Optional<Integer> fromPort,
                       Optional<Integer> toPort, Optional<String> cidr, Optional<RemoteGroup> remoteGroup) {
    }

    /** The remote group of a rule, as Nova names it: its name and project. */
    public record RemoteGroup(String id, String name, String tenantId) {
    }
}

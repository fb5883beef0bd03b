package io.openvcluster.server.compute;

import java.util.List;
import java.util.Optional;

/**
 * A server group as the API shows it.
 *
 * @param maxServerPerHost the {@code max_server_per_host} rule of an anti-affinity group, when one was given
 * @param members          the ids of its servers that still exist
 */
public record ServerGroupData(String id, String name, String policy, Optional<Integer> maxServerPerHost,
                              List<String> members, String projectId, String userId) {
    public ServerGroupData {
        members = List.copyOf(members);
    }
}

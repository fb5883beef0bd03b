package io.openvcluster.server.identity;

import java.util.Set;

/**
 * Who is calling: resolved from a valid token by the auth filter, passed to every domain call.
 *
 * @param requestId the request id of this API call (req-uuid), recorded in instance actions
 */
public record Caller(
        String requestId,
        String userId,
        String userName,
        String projectId,
        String projectName,
        Set<String> roles) {
    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}

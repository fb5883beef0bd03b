package io.openvcluster.server.identity;

import io.openvcluster.api.BoundedMemo;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a valid facade token says: who, scoped to which project (empty for an unscoped token),
 * with which roles, until when.
 *
 * @param auditIds this token's audit id first, then the audit id of the token it was re-scoped from
 */
public record TokenInfo(
        User user,
        Optional<Project> project,
        List<String> roles,
        List<String> methods,
        Instant issuedAt,
        Instant expiresAt,
        List<String> auditIds) {
    /**
     * The callers' role sets by token roles: every request makes a caller, and tokens carry one of a handful of role
     * lists ("member", "admin, member", ...), so the set is made once per list rather than per request.
     */
    private static final BoundedMemo<List<String>, Set<String>> ROLE_SETS = new BoundedMemo<>(256, Set::copyOf);

    public TokenInfo {
        roles = List.copyOf(roles);
        methods = List.copyOf(methods);
        auditIds = List.copyOf(auditIds);
    }

    public boolean isProjectScoped() {
        return project.isPresent();
    }

    /**
     * The caller of one API request. Only project-scoped tokens reach compute and image, so an unscoped
     * token here is a programming error.
     */
    public Caller toCaller(String requestId) {
        Project scope = project.orElseThrow(() -> new IllegalStateException("An unscoped token has no caller"));
        return new Caller(requestId, user.id(), user.name(), scope.id(), scope.name(),
                ROLE_SETS.get(roles));
    }
}

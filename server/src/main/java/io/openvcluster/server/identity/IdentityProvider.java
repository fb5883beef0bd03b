package io.openvcluster.server.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who exists and what they may do: users, their projects and their roles per project.
 * The sandbox has a fixed list; {@link KeycloakIdentityProvider} reads a Keycloak realm.
 */
public interface IdentityProvider {
    /** The one Keystone domain of this facade: every user and project is in it. */
    Domain DEFAULT_DOMAIN = new Domain("default", "Default");

    /** A user authenticated by name within a domain (given by name or id); empty on any mismatch. */
    Optional<User> authenticateByName(String userName, String domainNameOrId, String password);

    /** A user authenticated by id; empty on any mismatch. */
    Optional<User> authenticateById(String userId, String password);

    Optional<User> findUser(String userId);

    /**
     * The user named by an external identity provider's access token (OIDC federation); empty when the token is
     * not valid here. Providers without federation accept none.
     */
    default Optional<User> authenticateAccessToken(String accessToken) {
        return Optional.empty();
    }

    Optional<Project> findProject(String projectId);

    Optional<Project> findProjectByName(String projectName, String domainNameOrId);

    /** Every project (for admins and the project listing). */
    List<Project> projects();

    /** The projects on which the user holds at least one role. */
    List<Project> projectsOf(String userId);

    /** The user's role names on the project; empty when the user has no role there. */
    Set<String> rolesOn(String userId, String projectId);

    /** A Keystone domain. */
    record Domain(String id, String name) {
    }

    /** A Keystone user. */
    record User(String id, String name, Domain domain) {
    }

    /** A Keystone project. */
    record Project(String id, String name, Domain domain) {
    }
}

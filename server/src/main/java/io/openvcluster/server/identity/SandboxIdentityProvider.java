package io.openvcluster.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NOT FOR PRODUCTION: a built-in user list for the sandbox. Three users share one password:
 * {@code admin} (project admin: admin, member, reader), {@code demo} and {@code alt_demo}
 * (own project each: member, reader), all in domain {@code default} ("Default").
 */
public final class SandboxIdentityProvider implements IdentityProvider {
    private final byte[] password;
    private final Map<String, User> usersById;
    private final Map<String, Project> projectsById;
    /** user id -> (project id -> roles) */
    private final Map<String, Map<String, Set<String>>> assignments;

    public SandboxIdentityProvider(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("The sandbox password must not be empty");
        }
        this.password = password.getBytes(StandardCharsets.UTF_8);
        User admin = user("admin");
        User demo = user("demo");
        User altDemo = user("alt_demo");
        Project adminProject = project("admin");
        Project demoProject = project("demo");
        Project altDemoProject = project("alt_demo");
        this.usersById = Map.of(admin.id(), admin, demo.id(), demo, altDemo.id(), altDemo);
        this.projectsById = Map.of(adminProject.id(), adminProject, demoProject.id(), demoProject,
                altDemoProject.id(), altDemoProject);
        this.assignments = Map.of(
                admin.id(), Map.of(adminProject.id(), Set.of("admin", "member", "reader")),
                demo.id(), Map.of(demoProject.id(), Set.of("member", "reader")),
                altDemo.id(), Map.of(altDemoProject.id(), Set.of("member", "reader")));
    }

    private static User user(String name) {
        return new User(StableIds.of("user", name), name, DEFAULT_DOMAIN);
    }

    private static Project project(String name) {
        return new Project(StableIds.of("project", name), name, DEFAULT_DOMAIN);
    }

    private static boolean inDomain(Domain domain, String domainNameOrId) {
        return domain.id().equals(domainNameOrId) || domain.name().equals(domainNameOrId);
    }

    @Override
    public Optional<User> authenticateByName(String userName, String domainNameOrId, String candidate) {
        Optional<User> user = usersById.values().stream()
                .filter(u -> u.name().equals(userName) && inDomain(u.domain(), domainNameOrId))
                .findFirst();
        // compare even for unknown users, so timing does not reveal which names exist
        boolean matches = passwordMatches(candidate);
        return matches ? user : Optional.empty();
    }

    @Override
    public Optional<User> authenticateById(String userId, String candidate) {
        Optional<User> user = findUser(userId);
        boolean matches = passwordMatches(candidate);
        return matches ? user : Optional.empty();
    }

    private boolean passwordMatches(String candidate) {
        return MessageDigest.isEqual(password, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<User> findUser(String userId) {
        return Optional.ofNullable(usersById.get(userId));
    }

    @Override
    public Optional<Project> findProject(String projectId) {
        return Optional.ofNullable(projectsById.get(projectId));
    }

    @Override
    public Optional<Project> findProjectByName(String projectName, String domainNameOrId) {
        return projectsById.values().stream()
                .filter(p -> p.name().equals(projectName) && inDomain(p.domain(), domainNameOrId))
                .findFirst();
    }

    @Override
    public List<Project> projects() {
        return projectsById.values().stream().sorted(java.util.Comparator.comparing(Project::name)).toList();
    }

    @Override
    public List<Project> projectsOf(String userId) {
        return assignments.getOrDefault(userId, Map.of()).keySet().stream()
                .map(projectsById::get)
                .toList();
    }

    @Override
    public Set<String> rolesOn(String userId, String projectId) {
        return assignments.getOrDefault(userId, Map.of()).getOrDefault(projectId, Set.of());
    }
}

package io.openvcluster.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Users, projects and roles from a Keycloak realm (conventions in docs/identity.md):
 * <ul>
 *   <li>a Keystone user is a Keycloak user; its id is Keycloak's {@code sub}, stable for the user's life;
 *       all users are in the one Keystone domain {@code default};</li>
 *   <li>a Keystone project is a Keycloak group, named as the project, with the project id in its
 *       {@code project_id} attribute (without one, an id derived from the name);</li>
 *   <li>the user's realm roles {@code admin}, {@code member}, {@code reader} are its roles on each of its
 *       projects, with Keystone's implied roles (admin implies member, member implies reader).</li>
 * </ul>
 * Passwords are checked by Keycloak's password grant. Memberships come from the access token at login and,
 * when re-scoping later (possibly on another replica), from the admin API with the client's service account;
 * both are cached briefly, so a membership removed in Keycloak ends within {@link #FRESHNESS}.
 */
public final class KeycloakIdentityProvider implements IdentityProvider {
    /** How long memberships and the group list are trusted before asking Keycloak again. */
    static final Duration FRESHNESS = Duration.ofSeconds(30);
    /** An unknown project name or id triggers a refresh of the group list at most this often. */
    private static final Duration MISS_REFRESH = Duration.ofSeconds(5);
    private static final List<String> NOVA_ROLES = List.of("admin", "member", "reader");
    private static final Pattern KEYCLOAK_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final KeycloakSettings settings;
    private final KeycloakClient client;
    private final KeycloakTokenVerifier verifier;
    private final Clock clock;
    private final Map<String, Membership> memberships = new ConcurrentHashMap<>();
    private volatile Directory directory = new Directory(Map.of(), Instant.EPOCH);

    /** What Keycloak says about one user: its groups (by name) and Nova roles. */
    private record Membership(User user, Set<String> groups, Set<String> roles, Instant fetched) {
    }

    /** All projects (groups) of the realm, by id. */
    private record Directory(Map<String, Project> byId, Instant fetched) {
    }

    public KeycloakIdentityProvider(KeycloakSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = new KeycloakClient(settings, clock);
        this.verifier = new KeycloakTokenVerifier(settings);
    }

    public KeycloakIdentityProvider(KeycloakSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public KeycloakSettings settings() {
        return settings;
    }

    @Override
    public Optional<User> authenticateByName(String userName, String domainNameOrId, String password) {
        if (!inDomain(domainNameOrId) || userName.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return client.passwordGrant(userName, password).flatMap(this::authenticateAccessToken);
    }

    @Override
    public Optional<User> authenticateById(String userId, String password) {
        return findUser(userId)
                .flatMap(u -> authenticateByName(u.name(), DEFAULT_DOMAIN.id(), password))
                .filter(u -> u.id().equals(userId));
    }

    /**
     * The user a Keycloak access token names, when the token is valid for this facade (signature, issuer,
     * audience, expiry); its groups and roles are remembered for re-scoping.
     */
    @Override
    public Optional<User> authenticateAccessToken(String accessToken) {
        return verifier.verify(accessToken).map(claims -> {
            Membership m = fromClaims(claims);
            memberships.put(m.user().id(), m);
            return m.user();
        });
    }

    @Override
    public Optional<User> findUser(String userId) {
        return membership(userId).map(Membership::user);
    }

    @Override
    public Optional<Project> findProject(String projectId) {
        return Optional.ofNullable(projects(p -> p.containsKey(projectId)).get(projectId));
    }

    @Override
    public Optional<Project> findProjectByName(String projectName, String domainNameOrId) {
        if (!inDomain(domainNameOrId)) {
            return Optional.empty();
        }
        return byName(projects(p -> p.values().stream().anyMatch(x -> x.name().equals(projectName))).values(),
                projectName);
    }

    @Override
    public List<Project> projects() {
        return projects(p -> true).values().stream().sorted(Comparator.comparing(Project::name)).toList();
    }

    @Override
    public List<Project> projectsOf(String userId) {
        Optional<Membership> m = membership(userId);
        if (m.isEmpty()) {
            return List.of();
        }
        Collection<Project> all = projects(p -> true).values();
        return m.get().groups().stream().map(g -> byName(all, g)).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Project::name)).toList();
    }

    @Override
    public Set<String> rolesOn(String userId, String projectId) {
        Optional<Membership> m = membership(userId);
        Optional<Project> project = findProject(projectId);
        if (m.isEmpty() || project.isEmpty() || !m.get().groups().contains(project.get().name())) {
            return Set.of();
        }
        return m.get().roles();
    }

    private static boolean inDomain(String domainNameOrId) {
        return DEFAULT_DOMAIN.id().equals(domainNameOrId) || DEFAULT_DOMAIN.name().equals(domainNameOrId);
    }

    private static Optional<Project> byName(Collection<Project> projects, String name) {
        return projects.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private Membership fromClaims(JWTClaimsSet claims) {
        try {
            String id = claims.getSubject();
            String name = Optional.ofNullable(claims.getStringClaim("preferred_username")).orElse(id);
            List<String> groups = Optional.ofNullable(claims.getStringListClaim("groups")).orElse(List.of());
            Set<String> realmRoles = new TreeSet<>();
            Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
            if (realmAccess != null && realmAccess.get("roles") instanceof List<?> list) {
                list.forEach(r -> realmRoles.add(String.valueOf(r)));
            }
            return new Membership(new User(id, name, DEFAULT_DOMAIN), Set.copyOf(groups), novaRoles(realmRoles),
                    clock.instant());
        } catch (ParseException e) {
            throw new IllegalArgumentException("A Keycloak token with malformed claims", e);
        }
    }

    /** Nova's roles among the realm roles, with Keystone's default implied roles added. */
    static Set<String> novaRoles(Collection<String> realmRoles) {
        Set<String> roles = new TreeSet<>();
        for (String role : NOVA_ROLES) {
            if (realmRoles.contains(role)) {
                // admin implies member and reader; member implies reader
                roles.addAll(NOVA_ROLES.subList(NOVA_ROLES.indexOf(role), NOVA_ROLES.size()));
            }
        }
        return Set.copyOf(roles);
    }

    /** The user's membership: cached while fresh, else from the admin API; stale data if Keycloak is down. */
    private Optional<Membership> membership(String userId) {
        Membership cached = memberships.get(userId);
        if (cached != null && clock.instant().isBefore(cached.fetched().plus(FRESHNESS))) {
            return Optional.of(cached);
        }
        if (!KEYCLOAK_ID.matcher(userId).matches()) {
            return Optional.empty();
        }
        try {
            Optional<Membership> fetched = fetchMembership(userId);
            fetched.ifPresentOrElse(m -> memberships.put(userId, m), () -> memberships.remove(userId));
            return fetched;
        } catch (IdentityUnavailableException e) {
            if (cached != null) {
                return Optional.of(cached);
            }
            throw e;
        }
    }

    private Optional<Membership> fetchMembership(String userId) {
        Optional<JsonNode> user = client.admin("/users/" + userId);
        if (user.isEmpty() || !user.get().path("enabled").asBoolean(true)) {
            return Optional.empty();
        }
        Set<String> groups = new TreeSet<>();
        client.admin("/users/" + userId + "/groups?max=1000")
                .ifPresent(list -> list.forEach(g -> groups.add(g.path("name").asText())));
        Set<String> realmRoles = new TreeSet<>();
        client.admin("/users/" + userId + "/role-mappings/realm/composite")
                .ifPresent(list -> list.forEach(r -> realmRoles.add(r.path("name").asText())));
        User u = new User(userId, user.get().path("username").asText(userId), DEFAULT_DOMAIN);
        return Optional.of(new Membership(u, Set.copyOf(groups), novaRoles(realmRoles), clock.instant()));
    }

    /**
     * The realm's projects: cached while fresh; refreshed early when {@code found} says the wanted one is not
     * in the cache (a group created a moment ago), at most every few seconds; stale if Keycloak is down.
     */
    private Map<String, Project> projects(Predicate<Map<String, Project>> found) {
        Directory current = directory;
        Instant now = clock.instant();
        boolean stale = !now.isBefore(current.fetched().plus(FRESHNESS));
        boolean missing = !found.test(current.byId()) && !now.isBefore(current.fetched().plus(MISS_REFRESH));
        if (!stale && !missing) {
            return current.byId();
        }
        try {
            Map<String, Project> byId = new HashMap<>();
            client.admin("/groups?briefRepresentation=false&max=10000").ifPresent(list -> list.forEach(g -> {
                String name = g.path("name").asText();
                JsonNode ids = g.path("attributes").path("project_id");
                String id = ids.isArray() && !ids.isEmpty() ? ids.get(0).asText() : StableIds.of("project", name);
                byId.put(id, new Project(id, name, DEFAULT_DOMAIN));
            }));
            Directory fresh = new Directory(Map.copyOf(byId), now);
            directory = fresh;
            return fresh.byId();
        } catch (IdentityUnavailableException e) {
            if (!current.byId().isEmpty()) {
                return current.byId();
            }
            throw e;
        }
    }
}

package io.openvcluster.server.testing;

import io.openvcluster.server.compute.CreateServerRequest;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Callers, requests and settings shared by the backend tests. */
public final class Fixtures {
    public static final Caller ALICE = caller("user-alice", "project-alpha", "member");
    public static final Caller BOB = caller("user-bob", "project-beta", "member");
    public static final Caller ADMIN = caller("user-admin", "project-admin", "admin", "member");
    public static final String FLAVOR = "1";
    public static final String IMAGE = DefaultCatalog.images().get(0).id();

    private Fixtures() {
    }

    public static Caller caller(String userId, String projectId, String... roles) {
        return new Caller("req-" + UUID.randomUUID(), userId, userId, projectId, projectId, Set.of(roles));
    }

    /** The same caller making a new API call (a new request id), as each verb needs. */
    public static Caller again(Caller caller) {
        return new Caller("req-" + UUID.randomUUID(), caller.userId(), caller.userName(), caller.projectId(),
                caller.projectName(), caller.roles());
    }

    public static CreateServerRequest create(String name) {
        return create(name, FLAVOR, IMAGE, 1);
    }

    public static CreateServerRequest create(String name, String flavor, String image, int count) {
        return new CreateServerRequest(name, flavor, image, Map.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "", "", "", count, count, Optional.empty());
    }

    /** Fast resync for tests; the simulator delay is set on the sandbox. */
    public static BackendSettings settings() {
        return new BackendSettings(BackendSettings.DEFAULT_NAMESPACE, true, true, Duration.ofMillis(300), 10);
    }
}

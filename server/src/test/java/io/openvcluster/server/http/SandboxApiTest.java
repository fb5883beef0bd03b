package io.openvcluster.server.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.testing.Fixtures;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;

/** An {@link ApiTest} on the real domain over the sandbox cluster ({@link SandboxDomain}), closed after the class. */
abstract class SandboxApiTest extends ApiTest {
    /** The servers {@link #sharedServer} created, by name: a class's tests share them, as they share its sandbox. */
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();

    SandboxApiTest(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Api.routing(routing, SandboxDomain.domain());
    }

    /** {@link #sharedServer(String, String)} of the default image. */
    String sharedServer(String name) {
        return sharedServer(name, Fixtures.IMAGE);
    }

    /**
     * demo's server {@code name} of {@code image}, created the first time a test of the class asks for it; returned
     * once it is ACTIVE with no task running, so that a test may act on it whatever the test before it started.
     */
    String sharedServer(String name, String image) {
        Api demo = api.as("demo");
        String id = SHARED.computeIfAbsent(name, n -> demo.createServer(n, image));
        demo.awaitIdle(id, "ACTIVE");
        return id;
    }

    @AfterAll
    static void stopSandbox() {
        SHARED.clear();
        SandboxDomain.close();
    }
}

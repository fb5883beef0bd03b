package io.openvcluster.server.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;

/** An {@link ApiTest} on the real domain over the sandbox cluster ({@link SandboxDomain}), closed after the class. */
abstract class SandboxApiTest extends ApiTest {

    SandboxApiTest(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Api.routing(routing, SandboxDomain.compute());
    }

    @AfterAll
    static void stopSandbox() {
        SandboxDomain.close();
    }
}

package io.openvcluster.server.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;

/**
 * The base of the API tests on a real socket ({@code @ServerTest}): the production server settings, and {@link #api}
 * for the test's calls. Each test class gives its routing with {@code @SetUpRoute} (Helidon finds the set-up methods
 * of superclasses too).
 */
abstract class ApiTest {
    protected final Api api;

    ApiTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Api.server(server);
    }
}

package io.openvcluster.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.openvcluster.server.compute.ImageTransferLimits;
import org.junit.jupiter.api.Test;

/** The server settings {@link ApiRouting#configure} applies to every listener the facade starts. */
class ApiRoutingIT {
    @Test
    void responsesGoOutWithoutNaglesDelayAndBodiesAreBounded() {
        WebServerConfig.Builder builder = WebServer.builder().host("127.0.0.1");
        assertEquals(false, builder.buildPrototype().connectionOptions().tcpNoDelay(), "Helidon's default");

        ApiRouting.configure(builder);

        WebServerConfig config = builder.buildPrototype();
        assertTrue(config.connectionOptions().tcpNoDelay());
        // Helidon's bound is the image upload limit; JSON bodies are bounded by JsonBodies itself
        assertEquals(ImageTransferLimits.defaults().maxUploadBytes(), config.maxPayloadSize());
        ApiRouting.configure(builder, 10);
        assertEquals(JsonBodies.MAX_BYTES, builder.buildPrototype().maxPayloadSize(), "never below the JSON bound");
    }
}

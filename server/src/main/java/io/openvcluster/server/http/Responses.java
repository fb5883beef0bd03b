package io.openvcluster.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Json;

/** Writing JSON answers: one place for the content type and serialisation. */
public final class Responses {
    private Responses() {
    }

    public static void json(ServerResponse res, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a response", e);
        }
        json(res, status, bytes);
    }

    /** JSON already serialised (a cached rendering). */
    public static void json(ServerResponse res, int status, byte[] body) {
        res.status(status);
        // Helidon's cached header: "application/json" with its bytes ready to write
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body);
    }

    public static void ok(ServerResponse res, JsonNode body) {
        json(res, 200, body);
    }

    public static void ok(ServerResponse res, byte[] body) {
        json(res, 200, body);
    }

    /** A status without a body (204, or 202 for a delete). */
    public static void empty(ServerResponse res, int status) {
        res.status(status);
        res.send();
    }
}

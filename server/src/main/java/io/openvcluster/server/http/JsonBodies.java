package io.openvcluster.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import java.io.IOException;
import java.io.InputStream;

/** Reading request bodies: size limit, JSON parsing, and the 400s Nova gives for bodies it cannot read. */
public final class JsonBodies {
    /** The largest request body accepted (also Helidon's max payload size, see {@link ApiRouting}). */
    public static final int MAX_BYTES = 1024 * 1024;

    private JsonBodies() {
    }

    /** The body as a JSON object; 400 when absent, not JSON or not an object, 413 when too large. */
    public static ObjectNode object(ServerRequest req) {
        JsonNode node = read(req);
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        return object;
    }

    static JsonNode read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("The request body is missing; a JSON body is required.");
        }
        // a declared length is read exactly (readNBytes would otherwise start with a 16 KB buffer for a 150-byte
        // create); without one (chunked), up to one byte past the limit
        long declared = req.headers().contentLength().orElse(-1);
        int limit = declared >= 0 && declared <= MAX_BYTES ? (int) declared : MAX_BYTES + 1;
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(limit);
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read.");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ApiException(413, "The request body is larger than " + MAX_BYTES + " bytes.");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request body is missing; a JSON body is required.");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed request body: it is not valid JSON.");
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read.");
        }
    }
}

package io.openvcluster.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.server.work.ComputeSlots;
import io.openvcluster.server.work.Deadline;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reading request bodies: size limit, JSON parsing, and the 400s Nova gives for bodies it cannot read. Besides the size,
 * a body's shape is bounded before it becomes a tree that schemas and handlers walk: nesting at most
 * {@value #MAX_DEPTH} levels deep, and at most {@value #MAX_ITEMS} items in an array or members in an object
 * (docs/api-surface.md, "Bounds").
 */
public final class JsonBodies {
    /** The largest request body accepted (also Helidon's max payload size, see {@link ApiRouting}). */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Objects and arrays inside each other; Nova's deepest body (a create's block device mapping) has 4. */
    public static final int MAX_DEPTH = 32;
    /**
     * Items in one array or members in one object; Nova's longest arrays (tags, networks, block devices) are bounded
     * far lower by schema, and its largest objects (metadata) by the project's metadata_items quota (128 by default).
     */
    public static final int MAX_ITEMS = 1000;

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
        return ComputeSlots.run(() -> parse(bytes));
    }

    /** The shape first, then the tree: one computing section ({@link ComputeSlots}), up to 1 MiB of JSON. */
    private static JsonNode parse(byte[] bytes) {
        try {
            checkShape(bytes);
            Deadline.checkpoint();
            return Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed request body: it is not valid JSON.");
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read.");
        }
    }

    /**
     * One pass over the tokens, before any tree is built: a 1 MiB body of {@code [[[[…} or {@code [0,0,0,…} is refused
     * after reading up to its first excess, without allocating a node for it.
     */
    private static void checkShape(byte[] bytes) throws IOException {
        int[] items = new int[MAX_DEPTH + 1]; // items (members) read so far in each open array (object)
        boolean[] array = new boolean[MAX_DEPTH + 1];
        int depth = 0;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                boolean item = array[depth] ? token != JsonToken.END_ARRAY : token == JsonToken.FIELD_NAME;
                if (depth > 0 && item && ++items[depth] > MAX_ITEMS) {
                    throw ApiException.badRequest("The request body has an " + (array[depth] ? "array of more than "
                            + MAX_ITEMS + " items" : "object of more than " + MAX_ITEMS + " members") + "; at most "
                            + MAX_ITEMS + " are accepted.");
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    if (++depth > MAX_DEPTH) {
                        throw ApiException.badRequest("The request body is nested more than " + MAX_DEPTH
                                + " levels deep; at most " + MAX_DEPTH + " are accepted.");
                    }
                    array[depth] = token == JsonToken.START_ARRAY;
                    items[depth] = 0;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                }
            }
        }
    }
}

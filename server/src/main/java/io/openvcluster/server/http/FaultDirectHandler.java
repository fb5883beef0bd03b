package io.openvcluster.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.openvcluster.api.Faults;
import io.openvcluster.api.Json;

/**
 * Errors Helidon answers itself, before any route runs (a body over the payload limit, an unreadable request
 * line or header): the same fault bodies as everywhere else, by path, instead of Helidon's plain text.
 */
final class FaultDirectHandler implements DirectHandler {
    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        int code = status.code();
        String text = switch (code) {
            case 413 -> "The request body is larger than " + JsonBodies.MAX_BYTES + " bytes.";
            // Helidon answers 400 for a header section over the bound too, as Nova's own server does for a long line
            case 400 -> "The request could not be understood: its request line or headers are malformed, or its "
                    + "headers are larger than " + ApiRouting.MAX_HEADER_BYTES + " bytes.";
            case 414 -> "The request line is longer than " + ApiRouting.MAX_REQUEST_LINE_BYTES + " bytes.";
            default -> code >= 500
                    ? "The server has either erred or is incapable of performing the requested operation."
                    : "The request could not be handled: " + status.reasonPhrase() + ".";
        };
        String path = request.path();
        int query = path.indexOf('?');
        ObjectNode body = switch (ApiPaths.of(query < 0 ? path : path.substring(0, query))) {
            case IDENTITY -> Faults.keystone(code, text);
            case IMAGE -> Faults.glance(code, text);
            case COMPUTE, OTHER -> Faults.nova(code, text);
        };
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = new byte[0];
        }
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .keepAlive(eventType.keepAlive())
                .entity(bytes)
                .build();
    }
}

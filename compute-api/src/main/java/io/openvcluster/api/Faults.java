package io.openvcluster.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Error bodies, one shape per service. Clients print the {@code message}, so callers pass a sentence a
 * user can act on, never an exception's class name.
 */
public final class Faults {
    private Faults() {
    }

    /** Nova: {@code {"itemNotFound": {"code": 404, "message": "..."}}}. */
    public static ObjectNode nova(int status, String message) {
        ObjectNode fault = Json.object();
        fault.putObject(novaFaultName(status))
                .put("code", status)
                .put("message", message);
        return fault;
    }

    /** Nova: {@link #nova(int, String)} for an {@link ApiException}. */
    public static ObjectNode nova(ApiException e) {
        return nova(e.status(), e.getMessage());
    }

    /** Keystone: {@code {"error": {"code": 401, "title": "Unauthorized", "message": "..."}}}. */
    public static ObjectNode keystone(int status, String message) {
        ObjectNode fault = Json.object();
        fault.putObject("error")
                .put("code", status)
                .put("title", reason(status))
                .put("message", message);
        return fault;
    }

    /** Glance (webob's JSON rendering): {@code {"message": "...", "code": "404 Not Found", "title": "Not Found"}}. */
    public static ObjectNode glance(int status, String message) {
        String title = reason(status);
        return Json.object()
                .put("message", message)
                .put("code", status + " " + title)
                .put("title", title);
    }

    /** The key Nova wraps a fault in; 406 and every status not listed are {@code computeFault}. */
    static String novaFaultName(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
    }

    /** The HTTP reason phrase, used as Keystone's and Glance's {@code title}. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}

package io.openvcluster.api;

/**
 * An error that the API reports to the client with an HTTP status and a readable message.
 * Thrown by validation, authorization and the domain; rendered once, per service, in the
 * service's own fault format (Nova, Keystone or Glance).
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException notImplemented(String message) {
        return new ApiException(501, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }
}

package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Faults;
import io.openvcluster.server.work.DeadlineExceededException;

/**
 * Every error becomes a response here, once, by exception type, in the format of the service the path
 * belongs to (Keystone under /identity, Glance under /image, Nova elsewhere). Nothing unexpected is shown to
 * the client beyond a generic sentence; the details go to the log with the request id.
 */
final class ErrorMapper {
    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());
    private static final String UNEXPECTED = "The server has either erred or is incapable of performing the "
            + "requested operation.";

    private ErrorMapper() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(UnauthenticatedException.class, ErrorMapper::unauthenticated)
                .error(ApiException.class, (req, res, e) -> send(req, res, e.status(), e.getMessage()))
                .error(DeadlineExceededException.class, ErrorMapper::deadline)
                .error(HttpException.class, ErrorMapper::helidon)
                .error(Throwable.class, ErrorMapper::unexpected);
    }

    private static void unauthenticated(ServerRequest req, ServerResponse res, UnauthenticatedException e) {
        res.header(Headers.WWW_AUTHENTICATE, "Keystone uri=\"" + RequestContext.baseUrl(req) + "/identity\"");
        computeHeaders(req, res);
        Responses.json(res, 401, Faults.keystone(401, e.getMessage()));
    }

    /**
     * A request stopped at its deadline ({@link io.openvcluster.server.work.Deadline}): Nova's 503
     * {@code serviceUnavailable}, since the server could not serve it now; the client may try again at once.
     */
    private static void deadline(ServerRequest req, ServerResponse res, DeadlineExceededException e) {
        LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": " + req.prologue().method().text() + " "
                + req.prologue().uriPath().path());
        res.header(Headers.RETRY_AFTER, "1");
        send(req, res, 503, "The request " + e.id() + " did not finish within its deadline of "
                + e.budget().toMillis() + " ms and was stopped before it changed anything. Narrow it (filters, "
                + "limit) or try again.");
    }

    /** Helidon's own errors (no route, bad request line, ...): keep the status, use our words. */
    private static void helidon(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            unexpected(req, res, e);
            return;
        }
        String message = switch (status) {
            case 404 -> "The resource could not be found.";
            case 405 -> "The method is not allowed for this resource.";
            case 413 -> "The request body is larger than " + JsonBodies.MAX_BYTES + " bytes.";
            default -> "The request could not be understood: " + e.status().reasonPhrase() + ".";
        };
        send(req, res, status, message);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "Unexpected error in " + req.prologue() + " ("
                + RequestContext.requestId(req) + ")", e);
        send(req, res, 500, UNEXPECTED);
    }

    static void send(ServerRequest req, ServerResponse res, int status, String message) {
        ApiPaths service = ApiPaths.of(req.prologue().uriPath().path());
        ObjectNode body = switch (service) {
            case IDENTITY -> Faults.keystone(status, message);
            case IMAGE -> Faults.glance(status, message);
            case COMPUTE, OTHER -> Faults.nova(status, message);
        };
        computeHeaders(req, res);
        Responses.json(res, status, body);
    }

    private static void computeHeaders(ServerRequest req, ServerResponse res) {
        if (ApiPaths.of(req.prologue().uriPath().path()) == ApiPaths.COMPUTE) {
            RequestContext.negotiatedMicroversion(req).ifPresent(v -> MicroversionFilter.echo(res, v));
        }
    }
}

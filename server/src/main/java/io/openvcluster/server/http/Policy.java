package io.openvcluster.server.http;

import io.helidon.http.Method;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import java.util.Set;

/**
 * Nova's and Glance's default role policy, at the HTTP edge: {@code reader} may only read in its project,
 * {@code member} may also write there, {@code admin} may do anything (what admin alone may do, such as
 * flavor management or {@code --all-projects}, the compute domain checks with {@link Caller#isAdmin()}).
 */
final class Policy {
    private static final Set<Method> READS = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);
    private static final String SERVER_PASSWORD = "os-server-password";

    private Policy() {
    }

    /** Refuses a write (any method but GET and HEAD) by a caller that is neither member nor admin. */
    static void checkWrite(Caller caller, Method method, String path) {
        if (READS.contains(method) || caller.roles().contains("member") || caller.isAdmin()) {
            return;
        }
        throw ApiException.forbidden(ApiPaths.of(path) == ApiPaths.IMAGE
                ? "You are not authorized to complete " + rule(method, path) + " action."
                : "Policy doesn't allow " + rule(method, path) + " to be performed.");
    }

    /** A name for the refused action in Nova's style, e.g. {@code os_compute_api:servers:create}. */
    static String rule(Method method, String path) {
        String[] parts = path.replaceFirst("^/(compute/v2(\\.1)?|image/v2)/", "").split("/");
        if (parts.length == 3 && parts[0].equals("servers") && parts[2].equals(SERVER_PASSWORD)) {
            // Nova's own names for this sub-resource's rules
            return "os_compute_api:" + SERVER_PASSWORD + (method == Method.DELETE ? ":clear" : ":show");
        }
        String resource = parts[0].isEmpty() ? "api" : parts[0];
        String verb = switch (method.text()) {
            case "POST" -> parts.length > 2 && parts[2].equals("action") ? "action"
                    : parts.length > 1 ? "update" : "create";
            case "PUT", "PATCH" -> "update";
            case "DELETE" -> "delete";
            default -> method.text().toLowerCase(java.util.Locale.ROOT);
        };
        return ApiPaths.of(path) == ApiPaths.IMAGE ? verb + "_" + resource.replaceAll("s$", "")
                : "os_compute_api:" + resource + ":" + verb;
    }
}

package io.openvcluster.server.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Registers a service's routes and, after them, a 405 for every other method on the same paths
 * (Helidon alone would answer 404). Call {@link #methodNotAllowedForTheRest()} last.
 */
final class Routes {
    private final HttpRules rules;
    private final Set<String> paths = new LinkedHashSet<>();

    private Routes(HttpRules rules) {
        this.rules = rules;
    }

    static Routes on(HttpRules rules) {
        return new Routes(rules);
    }

    Routes get(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    Routes head(String path, Handler handler) {
        return route(Method.HEAD, path, handler);
    }

    Routes post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    Routes put(String path, Handler handler) {
        return route(Method.PUT, path, handler);
    }

    Routes patch(String path, Handler handler) {
        return route(Method.PATCH, path, handler);
    }

    Routes delete(String path, Handler handler) {
        return route(Method.DELETE, path, handler);
    }

    private Routes route(Method method, String path, Handler handler) {
        rules.route(method, path, handler);
        paths.add(path);
        return this;
    }

    void methodNotAllowedForTheRest() {
        for (String path : paths) {
            rules.any(path, (req, res) -> ErrorMapper.send(req, res, 405,
                    "The method " + req.prologue().method().text() + " is not allowed for this resource."));
        }
    }
}

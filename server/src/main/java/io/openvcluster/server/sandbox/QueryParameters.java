package io.openvcluster.server.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request path's query, URL-decoded (a continue token or a label selector arrives encoded): the few of Kubernetes'
 * list and watch parameters the sandbox reads itself ({@code limit}, {@code continue}, {@code watch},
 * {@code resourceVersion}). A name given twice keeps its last value.
 */
record QueryParameters(Map<String, String> values) {

    static QueryParameters of(String path) {
        Map<String, String> values = new HashMap<>();
        int start = path.indexOf('?');
        if (start >= 0) {
            for (String pair : path.substring(start + 1).split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new QueryParameters(Map.copyOf(values));
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(value -> !value.isEmpty());
    }

    /** The parameter as a whole number; 0 when it is absent or is not one. */
    long number(String name) {
        try {
            return get(name).map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

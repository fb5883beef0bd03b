package io.openvcluster.server.http;

import io.helidon.common.uri.UriQuery;
import io.openvcluster.api.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Query string helpers shared by the list handlers. */
final class QueryParams {
    private QueryParams() {
    }

    static Optional<String> first(UriQuery query, String name) {
        return query.contains(name) ? Optional.of(query.get(name)) : Optional.empty();
    }

    static List<String> all(UriQuery query, String name) {
        return query.contains(name) ? query.all(name) : List.of();
    }

    /** An integer ≥ 0, else 400 (tempest checks this for {@code limit}). */
    static Optional<Integer> nonNegativeInt(UriQuery query, String name) {
        return first(query, name).map(value -> {
            try {
                int n = Integer.parseInt(value.strip());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: " + value
                        + ". '" + value + "' is not an integer greater than or equal to 0.");
            }
        });
    }

    /** OpenStack's boolean strings (True/False, 1/0, yes/no, on/off); anything else is 400. */
    static Optional<Boolean> bool(UriQuery query, String name) {
        return first(query, name).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "on", "t" -> true;
            case "false", "0", "no", "n", "off", "f" -> false;
            default -> throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: "
                    + value + ". It is not a boolean.");
        });
    }

    /** Comma-separated values of every occurrence of a parameter ({@code tags=a,b&tags=c}). */
    static List<String> commaSeparated(UriQuery query, String name) {
        List<String> values = new ArrayList<>();
        for (String v : all(query, name)) {
            Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
    }

    /** The link to the next page: the same query without {@code marker}, then the new marker. */
    static String nextHref(String base, UriQuery query, String marker) {
        String kept = query.names().stream()
                .filter(n -> !n.equals("marker"))
                .sorted()
                .flatMap(n -> query.all(n).stream().map(v -> encode(n) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return base + "?" + (kept.isEmpty() ? "" : kept + "&") + "marker=" + encode(marker);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package io.openvcluster.server.fuzz;

import io.openvcluster.server.testing.RawHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A seeded generator of requests that ask for as much work as a request can: regular expressions that backtracking
 * engines take exponential time or memory for, deeply nested JSON, arrays and objects of 10,000 items, thousands of
 * query parameters, tag filters and sort keys. Each is well formed in every other respect, with a member's token, so
 * it reaches the code it aims at. Every one must be refused or answered at once (docs/api-surface.md, "Bounds").
 */
final class PathologicalRequests {
    /** Each of these against a server named forty {@code a}s and a {@code c} (the fixture has one). */
    static final List<String> REGEXES = List.of(
            "((a*)*)*b", "(a|a)*b", "(a|aa)*b", "(a+)+$x", "((((a+)+)+)+)+b", "(.*a){20}b", "(a|b|ab)*c{2}",
            "(?:a*)*b", "(a*)*(b|c)d", "(\\w+\\s?)*$x", "^(([a-z])+.)+[A-Z]([a-z])+$",
            "(a{1000}){1000}", "((a{100}){100}){100}", "a{1000}b{1000}", "(?:[a-z]{500}){500}", "x{1001}",
            "(a)\\1", "(?=a)", "(?<!b)a", "[", "(" + "(".repeat(200), "a".repeat(256), "\\p{L}{1000}",
            "(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z){200}");

    /** @param kind what it tries, for the counts by kind; {@code description} adds the details */
    record Request(String kind, String description, byte[] bytes) {
    }

    private final String token;
    private final String ownServer;
    private final Random random;
    private final List<Supplier<Request>> kinds;

    PathologicalRequests(String memberToken, String ownServer, long seed) {
        this.token = memberToken;
        this.ownServer = ownServer;
        this.random = new Random(seed);
        this.kinds = List.of(this::regex, this::nestedJson, this::longArray, this::wideObject,
                this::manyQueryParameters, this::manyFilterTags, this::manySortKeys, this::longPatch);
    }

    Request next() {
        return kinds.get(random.nextInt(kinds.size())).get();
    }

    private Request regex() {
        String regex = REGEXES.get(random.nextInt(REGEXES.size()));
        String path = (random.nextBoolean() ? "/compute/v2.1/servers" : "/compute/v2.1/servers/detail") + "?name="
                + URLEncoder.encode(regex, StandardCharsets.UTF_8);
        return get("regex", "regex " + shorten(regex), path);
    }

    private Request nestedJson() {
        int depth = pick(33, 1_000, 100_000, 400_000);
        String nested = "[".repeat(depth) + "]".repeat(depth);
        return switch (random.nextInt(3)) {
            case 0 -> post("nested JSON", "nested JSON " + depth + " (create)", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"n\",\"flavorRef\":\"1\",\"metadata\":" + nested + "}}");
            case 1 -> post("nested JSON", "nested JSON " + depth + " (action)", "/compute/v2.1/servers/" + ownServer + "/action",
                    "{\"os-stop\":" + nested + "}");
            default -> post("nested JSON", "nested JSON " + depth + " (login)", "/identity/v3/auth/tokens", nested);
        };
    }

    private Request longArray() {
        String items = IntStream.range(0, 10_000).mapToObj(i -> random.nextBoolean() ? "\"t" + i + "\"" : "{}")
                .collect(Collectors.joining(",", "[", "]"));
        return switch (random.nextInt(3)) {
            case 0 -> put("long array", "10,000 tags", "/compute/v2.1/servers/" + ownServer + "/tags", "{\"tags\":" + items + "}");
            case 1 -> post("long array", "10,000 networks", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"n\",\"flavorRef\":\"1\",\"networks\":" + items + "}}");
            default -> post("long array", "10,000 auth methods", "/identity/v3/auth/tokens",
                    "{\"auth\":{\"identity\":{\"methods\":" + items + "}}}");
        };
    }

    private Request wideObject() {
        String members = IntStream.range(0, 10_000).mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        return put("wide object", "10,000 metadata items", "/compute/v2.1/servers/" + ownServer + "/metadata",
                "{\"metadata\":" + members + "}");
    }

    private Request manyQueryParameters() {
        int count = pick(101, 1_000, 3_000);
        String name = pick("a", "tags", "sort_key", "image_type");
        String query = IntStream.range(0, count).mapToObj(i -> name).collect(Collectors.joining("&"));
        return get("many query parameters", count + " query parameters", pick("/compute/v2.1/servers", "/image/v2/images",
                "/compute/v2.1/flavors") + "?" + query);
    }

    private Request manyFilterTags() {
        String tags = IntStream.range(0, 1_500).mapToObj(i -> "t" + i).collect(Collectors.joining(","));
        return get("many filter tags", "1,500 filter tags", "/compute/v2.1/servers/detail?" + pick("tags", "tags-any", "not-tags") + "="
                + tags);
    }

    private Request manySortKeys() {
        String query = IntStream.range(0, 99).mapToObj(i -> i % 2 == 0 ? "sort_key=display_name" : "sort_dir=asc")
                .collect(Collectors.joining("&"));
        return get("many sort keys", "99 sort parameters", pick("/compute/v2.1/servers/detail", "/image/v2/images") + "?" + query);
    }

    private Request longPatch() {
        String ops = IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"op\":\"add\",\"path\":\"/p" + i + "\",\"value\":\"v\"}")
                .collect(Collectors.joining(",", "[", "]"));
        byte[] body = ops.getBytes(StandardCharsets.UTF_8);
        return new Request("long array", "10,000 image patch operations", request("PATCH", "/image/v2/images/none",
                "application/openstack-images-v2.1-json-patch", body));
    }

    private Request get(String kind, String description, String path) {
        return new Request(kind, description, request("GET", path, "", new byte[0]));
    }

    private Request post(String kind, String description, String path, String body) {
        return new Request(kind, description, request("POST", path, "application/json",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private Request put(String kind, String description, String path, String body) {
        return new Request(kind, description, request("PUT", path, "application/json",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] request(String method, String path, String contentType, byte[] body) {
        return RawHttp.request(method, path, "OpenStack-API-Version: compute 2.26\r\nX-Auth-Token: " + token + "\r\n"
                + (body.length > 0 ? "Content-Type: " + contentType + "\r\n" : ""), body);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    }
}

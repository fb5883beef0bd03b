package io.openvcluster.bench;

import java.util.Optional;

/**
 * One request of a row, whichever client sends it: a GET, or a POST of a JSON body; all but the login carry the
 * token and the compute microversion.
 */
record Call(String method, String path, Optional<String> body, boolean authenticated) {
    static Call get(String path) {
        return new Call("GET", path, Optional.empty(), true);
    }

    static Call login(String user, String password, String project) {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},"password":"%s"}}},
                 "scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}""".formatted(user, password, project);
        return new Call("POST", "/identity/v3/auth/tokens", Optional.of(body), false);
    }

    static Call create(String name, String flavor, String image) {
        String body = "{\"server\":{\"name\":\"" + name + "\",\"flavorRef\":\"" + flavor
                + "\",\"imageRef\":\"" + image + "\",\"networks\":\"none\"}}";
        return new Call("POST", "/compute/v2.1/servers", Optional.of(body), true);
    }
}

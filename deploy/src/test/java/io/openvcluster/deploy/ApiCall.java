package io.openvcluster.deploy;

import java.net.URI;
import java.util.Optional;

/**
 * One Kubernetes API request, as RBAC sees it: API group, resource (with its subresource), verb, and the namespace
 * it is in (empty for a cluster-scoped object, or a request across all namespaces).
 */
record ApiCall(String apiGroup, String resource, String verb, Optional<String> namespace) {

    @Override
    public String toString() {
        return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource
                + namespace.map(n -> " in " + n).orElse(" (cluster-wide)");
    }

    /**
     * Reads a request path the way the API server's request-info resolver does. Empty for non-resource paths
     * (discovery such as {@code /version} or {@code /apis}), which every authenticated user may read.
     */
    static Optional<ApiCall> parse(String method, URI uri) {
        String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/");
        int at;
        String group;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            at = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            at = 3;
        } else {
            return Optional.empty();
        }
        Optional<String> namespace = Optional.empty();
        // /namespaces/{ns}/{resource}... is namespaced; /namespaces or /namespaces/{name} is the namespace itself
        if (parts[at].equals("namespaces") && parts.length > at + 2) {
            namespace = Optional.of(parts[at + 1]);
            at += 2;
        }
        String resource = parts[at];
        boolean named = parts.length > at + 1;
        if (parts.length > at + 2) {
            resource = resource + "/" + parts[at + 2];
        }
        boolean watch = Optional.ofNullable(uri.getQuery()).map(q -> q.matches("(^|.*&)watch=(true|1)(&.*|$)"))
                .orElse(false);
        String verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method " + method + " " + uri);
        };
        return Optional.of(new ApiCall(group, resource, verb, namespace));
    }
}

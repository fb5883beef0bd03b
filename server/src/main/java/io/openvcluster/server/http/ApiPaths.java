package io.openvcluster.server.http;

/** Which OpenStack service a path belongs to; it decides the error format and the filters that apply. */
enum ApiPaths {
    IDENTITY, COMPUTE, IMAGE, OTHER;

    static ApiPaths of(String path) {
        if (under(path, "/identity")) {
            return IDENTITY;
        }
        if (under(path, "/compute")) {
            return COMPUTE;
        }
        if (under(path, "/image")) {
            return IMAGE;
        }
        return OTHER;
    }

    /** Compute and image calls need a token; their version documents do not. */
    static boolean needsToken(String path) {
        return (path.startsWith("/compute/v2.1/") && path.length() > "/compute/v2.1/".length())
                || (path.startsWith("/compute/v2/") && path.length() > "/compute/v2/".length())
                || path.startsWith("/image/v2/");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}

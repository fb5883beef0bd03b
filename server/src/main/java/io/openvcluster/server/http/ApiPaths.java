package io.openvcluster.server.http;

/** Which OpenStack service a path belongs to; it decides the error format and the filters that apply. */
enum ApiPaths {
    IDENTITY, COMPUTE, IMAGE, OTHER;

    static ApiPaths of(String path) {
        if (under(path, "/identity", "/identity/")) {
            return IDENTITY;
        }
        if (under(path, "/compute", "/compute/")) {
            return COMPUTE;
        }
        if (under(path, "/image", "/image/")) {
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

    /** @param prefixWithSlash the prefix and "/", given whole: this runs several times per request */
    private static boolean under(String path, String prefix, String prefixWithSlash) {
        return path.startsWith(prefixWithSlash) || path.equals(prefix);
    }
}

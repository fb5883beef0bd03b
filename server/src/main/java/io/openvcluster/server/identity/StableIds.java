package io.openvcluster.server.identity;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Keystone-style ids (32 hex digits) derived from names, so they survive restarts and replicas agree. */
public final class StableIds {
    private StableIds() {
    }

    /** @param kind what is named ("user", "project", "role", "endpoint", ...), so equal names of different kinds differ */
    public static String of(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }
}

package io.openvcluster.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.server.archives.SnapshotArchiveWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated snapshot store, in memory: the archives vcluster's snapshot controller and snapshot pods have written
 * ({@link SnapshotController}, {@link SnapshotPodKubelet}) and those the facade stored through the sandbox's S3
 * endpoint (Glance uploads), by URL, with their bytes. Restores read it, delete requests and the S3 endpoint delete
 * from it. The sandbox keeps each archive in memory: it is for trying the API, not for large archives.
 */
final class ArchiveStore {
    /** Archive URL → its bytes. */
    private final Map<String, byte[]> archives = new ConcurrentHashMap<>();

    /**
     * A snapshot taken by the simulated vcluster: an archive in vcluster's layout whose release entry is the one the
     * snapshot options carry (as vcluster writes it), and a few of the virtual cluster's objects.
     *
     * @param options vcluster's snapshot options JSON (the options Secret's or the pod's)
     * @param writer  the request or pod that took it, recorded in one of the objects
     */
    void putSnapshot(String url, JsonNode options, String writer) {
        ObjectNode release = options.path("release").isObject() ? (ObjectNode) options.path("release").deepCopy()
                : Json.object().put("chartName", "vcluster");
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("/registry/namespaces/default", bytes("{\"kind\":\"Namespace\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"name\":\"default\"}}"));
        keys.put("/registry/configmaps/default/sandbox-snapshot", bytes("{\"kind\":\"ConfigMap\",\"apiVersion\":"
                + "\"v1\",\"metadata\":{\"name\":\"sandbox-snapshot\",\"namespace\":\"default\"},\"data\":{\"takenBy\":"
                + Json.MAPPER.valueToTree(writer) + "}}"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotArchiveWriter.write(out, bytes(release.toString()), keys);
        archives.put(url, out.toByteArray());
    }

    void put(String url, byte[] archive) {
        archives.put(url, archive);
    }

    Optional<byte[]> get(String url) {
        return Optional.ofNullable(archives.get(url));
    }

    boolean contains(String url) {
        return archives.containsKey(url);
    }

    /** @return true when the archive was there */
    boolean remove(String url) {
        return archives.remove(url) != null;
    }

    Set<String> urls() {
        return Set.copyOf(archives.keySet());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.openvcluster.server.fuzz;

import io.openvcluster.server.archives.SnapshotArchiveWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Bodies for Glance's image upload: now and then a well-formed vcluster snapshot archive, mostly one that is not (cut
 * short, random bytes, a gzipped text, a tar without the release entry, a body past the upload limit).
 */
final class ArchiveBodies {
    private final Random random;
    private final long limit;

    /** @param limit the facade's upload limit: a huge body is one byte past it */
    ArchiveBodies(Random random, long limit) {
        this.random = random;
        this.limit = limit;
    }

    /** A body and what it is, for the request's description. */
    record Body(byte[] bytes, String description) {
    }

    Body next() {
        byte[] valid = valid();
        return switch (random.nextInt(6)) {
            case 0 -> new Body(valid, "archive");
            case 1 -> new Body(Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)), "truncated archive");
            case 2 -> {
                byte[] noise = new byte[1 + random.nextInt(4096)];
                random.nextBytes(noise);
                yield new Body(noise, "random bytes");
            }
            case 3 -> new Body(gzip("not a tar\n".repeat(1 + random.nextInt(500))), "gzipped text");
            case 4 -> new Body(archive("{\"chartVersion\":\"0.36.1\"}", Map.of()), "archive without objects");
            default -> new Body(new byte[(int) limit + 1], "archive past the limit");
        };
    }

    private byte[] valid() {
        String values = Base64.getEncoder().encodeToString(("controlPlane:\n  distro:\n    k8s:\n      enabled: true\n"
                + "      version: v1.34.0\n").getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("/registry/namespaces/default", "{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8));
        byte[] noise = new byte[random.nextInt(2048)];
        random.nextBytes(noise);
        keys.put("/registry/configmaps/default/fuzz", noise);
        return archive("{\"chartName\":\"vcluster\",\"chartVersion\":\"0.36.1\",\"values\":\"" + values + "\"}", keys);
    }

    private static byte[] archive(String release, Map<String, byte[]> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotArchiveWriter.write(out, release.getBytes(StandardCharsets.UTF_8), keys);
        return out.toByteArray();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}

package io.openvcluster.server.archives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What counts as a vcluster snapshot archive: the layout vcluster's snapshot writes, and nothing cut short. */
class SnapshotArchiveFormatTest {
    private static final String VALUES = "controlPlane:\n  distro:\n    k8s:\n      enabled: true\n      version: v1.34.2\n";
    private static final String RELEASE = "{\"releaseName\":\"vc1\",\"releaseNamespace\":\"vcluster-vc1\","
            + "\"chartName\":\"vcluster\",\"chartVersion\":\"0.36.1\",\"values\":\""
            + Base64.getEncoder().encodeToString(VALUES.getBytes(StandardCharsets.UTF_8)) + "\"}";

    private static byte[] archive(String release, Map<String, byte[]> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotArchiveWriter.write(out, release.getBytes(StandardCharsets.UTF_8), keys);
        return out.toByteArray();
    }

    private static Map<String, byte[]> objects() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("/registry/namespaces/default", "{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8));
        keys.put("/registry/pods/default/p", new byte[1000]);
        return keys;
    }

    private static SnapshotArchiveFormat.Contents inspect(byte[] bytes) throws Exception {
        return SnapshotArchiveFormat.inspect(new ByteArrayInputStream(bytes));
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(SnapshotArchiveFormat.NotAnArchiveException.class, () -> inspect(bytes)).getMessage();
    }

    @Test
    void anArchiveAsVclusterWritesItSaysWhatItRestores() throws Exception {
        SnapshotArchiveFormat.Contents contents = inspect(archive(RELEASE, objects()));
        assertEquals("0.36.1", contents.chartVersion());
        assertEquals(Optional.of("k8s"), contents.distro());
        assertEquals(Optional.of("v1.34.2"), contents.kubernetesVersion());
        assertEquals(3, contents.entries());
    }

    @Test
    void withoutValuesTheDistroAndVersionAreNotKnown() throws Exception {
        SnapshotArchiveFormat.Contents contents = inspect(archive("{\"chartVersion\":\"0.36.1\"}", objects()));
        assertEquals(Optional.empty(), contents.kubernetesVersion());
        assertEquals(Optional.empty(), contents.distro());
    }

    @Test
    void theReadmeIsNotAnArchive() {
        assertEquals("not a gzip stream", refusal("# README\n".repeat(100).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTruncatedArchiveIsRefusedWhereverItIsCut() {
        byte[] whole = archive(RELEASE, objects());
        for (int cut : new int[] {5, 20, whole.length / 2, whole.length - 9, whole.length - 1}) {
            String reason = refusal(Arrays.copyOf(whole, cut));
            assertTrue(reason.contains("truncated") || reason.contains("gzip"), cut + ": " + reason);
        }
    }

    @Test
    void aTarCutAtAnEntryBoundaryIsRefusedForItsMissingEnd() throws IOException {
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(archive(RELEASE, objects()))).readAllBytes();
        byte[] withoutEnd = Arrays.copyOf(tar, tar.length - 1024);
        assertTrue(refusal(gzip(withoutEnd)).contains("end-of-archive"));
    }

    @Test
    void anotherFirstEntryNoObjectsOrAReleaseWithoutChartAreRefused() {
        Map<String, byte[]> releaseLast = new LinkedHashMap<>(objects());
        assertTrue(refusal(archive(RELEASE, Map.of())).contains("no Kubernetes object"));
        assertTrue(refusal(archive("{\"chartName\":\"vcluster\"}", objects())).contains("chartVersion"));
        assertTrue(refusal(archive("not json", objects())).contains("not JSON"));
        releaseLast.put("/other", new byte[0]);
        assertTrue(refusal(gzip(tarWithFirst("/etc/passwd"))).contains("first entry"));
    }

    @Test
    void aGzippedTextIsNotATar() {
        assertTrue(refusal(gzip("hello world\n".repeat(100).getBytes(StandardCharsets.UTF_8))).contains("tar"));
    }

    @Test
    void dataAfterTheEndOfTheTarIsRefused() throws IOException {
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(archive(RELEASE, objects()))).readAllBytes();
        byte[] withTail = Arrays.copyOf(tar, tar.length + 512);
        withTail[withTail.length - 1] = 'x';
        assertTrue(refusal(gzip(withTail)).contains("after the tar"));
        assertEquals(3, assertDoesNotRefuse(gzip(Arrays.copyOf(tar, tar.length + 10240))).entries(),
                "padding with zeros to a record size is allowed, as tar writers do");
    }

    private static SnapshotArchiveFormat.Contents assertDoesNotRefuse(byte[] bytes) {
        try {
            return inspect(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A tar whose only entry is {@code name}, via the writer then renamed (the header checksum redone). */
    private static byte[] tarWithFirst(String name) {
        try {
            byte[] tar = new GZIPInputStream(new ByteArrayInputStream(archive(RELEASE, objects()))).readAllBytes();
            byte[] nameBytes = new byte[100];
            byte[] given = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(given, 0, nameBytes, 0, given.length);
            System.arraycopy(nameBytes, 0, tar, 0, 100);
            Arrays.fill(tar, 148, 156, (byte) ' ');
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += tar[i] & 0xff;
            }
            byte[] checksum = String.format("%06o\0", sum).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(checksum, 0, tar, 148, checksum.length);
            return tar;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

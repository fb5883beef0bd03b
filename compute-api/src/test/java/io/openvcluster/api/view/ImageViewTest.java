package io.openvcluster.api.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.model.ImageData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageViewTest {
    /** The keys of Glance's image-show api-sample. */
    private static final Set<String> GLANCE_SAMPLE_KEYS = Set.of("status", "name", "tags", "container_format",
            "created_at", "disk_format", "updated_at", "visibility", "self", "min_disk", "protected", "id", "file",
            "checksum", "os_hash_algo", "os_hash_value", "os_hidden", "owner", "size", "min_ram", "schema",
            "virtual_size");

    private static ImageData image(String status, Map<String, String> properties) {
        return new ImageData("5285a923-bca1-47d6-b5c2-7ec8d51b482f", "k8s-1.31", status, "public", "admin-project",
                0, 0, 0L, "raw", "bare", false, Instant.parse("2026-11-25T19:12:11Z"),
                Instant.parse("2026-11-25T19:12:15Z"), List.of("vcluster"), properties);
    }

    @Test
    void glanceImageHasGlancesKeysPlusFlatProperties() {
        JsonNode img = ImageView.glance(image("active", Map.of("kubernetes_version", "1.31.4", "id", "shadow")),
                "http://127.0.0.1:8774/image");
        Set<String> expected = new TreeSet<>(GLANCE_SAMPLE_KEYS);
        expected.add("kubernetes_version");
        assertEquals(expected, ServerViewTest.keys(img));
        assertEquals("5285a923-bca1-47d6-b5c2-7ec8d51b482f", img.get("id").asText(), "a property cannot shadow id");
        assertEquals("1.31.4", img.get("kubernetes_version").asText());
        assertEquals("2026-11-25T19:12:11Z", img.get("created_at").asText());
        assertEquals("/v2/images/5285a923-bca1-47d6-b5c2-7ec8d51b482f", img.get("self").asText());
        assertEquals("/v2/images/5285a923-bca1-47d6-b5c2-7ec8d51b482f/file", img.get("file").asText());
        assertEquals("/v2/schemas/image", img.get("schema").asText());
        assertEquals("[\"vcluster\"]", img.get("tags").toString());
        assertTrue(img.get("checksum").isNull());
    }

    @Test
    void glanceListHasPagingKeys() {
        JsonNode list = ImageView.glanceList(List.of(), Optional.of("/v2/images?marker=x&limit=25"));
        assertEquals("/v2/images", list.get("first").asText());
        assertEquals("/v2/schemas/images", list.get("schema").asText());
        assertEquals("/v2/images?marker=x&limit=25", list.get("next").asText());
        assertFalse(ImageView.glanceList(List.of(), Optional.empty()).has("next"));
    }

    @ParameterizedTest
    @CsvSource({"queued, SAVING, 25", "saving, SAVING, 50", "active, ACTIVE, 100", "killed, ERROR, 0",
            "deleted, DELETED, 0", "pending_delete, DELETED, 0", "deactivated, UNKNOWN, 0", "uploading, UNKNOWN, 0"})
    void novaProxyStatus(String glanceStatus, String novaStatus, int progress) {
        JsonNode img = ImageView.novaImage(image(glanceStatus, Map.of()), Samples.LINKS);
        assertEquals(novaStatus, img.get("status").asText());
        assertEquals(progress, img.get("progress").asInt());
    }

    @Test
    void novaProxyImageShape() {
        JsonNode img = ImageView.novaImage(image("active", Map.of(ImageView.INSTANCE_UUID, "srv-1")), Samples.LINKS);
        assertEquals(Set.of("id", "name", "status", "progress", "minDisk", "minRam", "created", "updated", "metadata",
                "links", "OS-EXT-IMG-SIZE:size", "server"), ServerViewTest.keys(img));
        assertEquals("http://127.0.0.1:38774/v2.1/images/5285a923-bca1-47d6-b5c2-7ec8d51b482f",
                img.at("/links/0/href").asText());
        assertEquals("alternate", img.at("/links/2/rel").asText());
        assertEquals("http://127.0.0.1:39292/images/5285a923-bca1-47d6-b5c2-7ec8d51b482f",
                img.at("/links/2/href").asText());
        assertEquals("srv-1", img.at("/server/id").asText());
        assertEquals("srv-1", img.at("/metadata/instance_uuid").asText());
        assertFalse(ImageView.novaImage(image("active", Map.of()), Samples.LINKS).has("server"));
        assertEquals(Set.of("id", "name", "links"),
                ServerViewTest.keys(ImageView.novaImageSummary(image("active", Map.of()), Samples.LINKS)));
    }
}

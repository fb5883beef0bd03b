package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.model.ImageData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An image in two dialects: Glance v2 (the image service) and Nova's /images proxy (compute before 2.36).
 * An image is a Kubernetes version of vcluster, or a snapshot of one. An uploaded archive's hashes are kept as the
 * properties {@code checksum}, {@code os_hash_algo} and {@code os_hash_value}, shown as Glance's attributes (null for
 * an image the facade never read the bytes of); virtual_size is null.
 */
public final class ImageView {
    /** The Glance keys that a custom property must not shadow. */
    private static final Set<String> GLANCE_KEYS = Set.of("id", "name", "status", "visibility", "owner",
            "min_disk", "min_ram", "size", "disk_format", "container_format", "created_at", "updated_at",
            "protected", "tags", "checksum", "os_hash_algo", "os_hash_value", "os_hidden", "virtual_size",
            "self", "file", "schema", "locations", "direct_url");

    /** Glance's hash attributes, which the facade keeps among an image's properties. */
    private static final List<String> HASH_KEYS = List.of("checksum", "os_hash_algo", "os_hash_value");

    /** Glance status to the Nova proxy's status (anything else: UNKNOWN). */
    private static final Map<String, String> NOVA_STATUS = Map.of(
            "queued", "SAVING",
            "saving", "SAVING",
            "active", "ACTIVE",
            "killed", "ERROR",
            "deleted", "DELETED",
            "pending_delete", "DELETED");

    /** Nova's progress estimate per Glance status. */
    private static final Map<String, Integer> NOVA_PROGRESS = Map.of("queued", 25, "saving", 50, "active", 100);

    /** The Glance property that links a snapshot to the server it was taken from. */
    public static final String INSTANCE_UUID = "instance_uuid";

    private ImageView() {
    }

    /**
     * A Glance v2 image (GET /image/v2/images/{id}, unwrapped); custom properties are flat top-level keys.
     * Glance writes {@code self}, {@code file} and {@code schema} relative to its root ({@code /v2/...}),
     * and clients resolve them against {@code imageBase}; so the base is not written into the body.
     */
    public static ObjectNode glance(ImageData img, String imageBase) {
        ObjectNode o = Json.object();
        o.put("id", img.id());
        o.put("name", img.name());
        o.put("status", img.status());
        o.put("visibility", img.visibility());
        o.put("owner", img.owner());
        o.put("min_disk", img.minDiskGb());
        o.put("min_ram", img.minRamMb());
        o.put("size", img.sizeBytes());
        o.put("disk_format", img.diskFormat());
        o.put("container_format", img.containerFormat());
        o.put("created_at", Timestamps.seconds(img.createdAt()));
        o.put("updated_at", Timestamps.seconds(img.updatedAt()));
        o.put("protected", img.isProtected());
        ArrayNode tags = o.putArray("tags");
        img.tags().forEach(tags::add);
        for (String hash : HASH_KEYS) {
            String value = img.properties().get(hash);
            if (value == null) {
                o.putNull(hash);
            } else {
                o.put(hash, value);
            }
        }
        o.put("os_hidden", false);
        o.putNull("virtual_size");
        o.put("self", "/v2/images/" + img.id());
        o.put("file", "/v2/images/" + img.id() + "/file");
        o.put("schema", "/v2/schemas/image");
        img.properties().entrySet().stream()
                .filter(e -> !GLANCE_KEYS.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> o.put(e.getKey(), e.getValue()));
        return o;
    }

    /**
     * GET /image/v2/schemas/image: the JSON schema of one image as this facade renders it, kept as data
     * ({@code io/openvcluster/api/glance/image-schema.json}); the facade's own properties are described there too.
     */
    public static ObjectNode glanceImageSchema() {
        return IMAGE_SCHEMA.deepCopy();
    }

    /** GET /image/v2/schemas/images: the list document, whose items are {@link #glanceImageSchema()}. */
    public static ObjectNode glanceImagesSchema() {
        ObjectNode doc = Json.object();
        doc.put("name", "images");
        ObjectNode properties = doc.putObject("properties");
        properties.putObject("images").put("type", "array").set("items", IMAGE_SCHEMA.deepCopy());
        properties.putObject("schema").put("type", "string");
        properties.putObject("first").put("type", "string");
        properties.putObject("next").put("type", "string");
        ArrayNode links = doc.putArray("links");
        links.addObject().put("rel", "first").put("href", "{first}");
        links.addObject().put("rel", "next").put("href", "{next}");
        links.addObject().put("rel", "describedby").put("href", "{schema}");
        return doc;
    }

    private static final ObjectNode IMAGE_SCHEMA = loadImageSchema();

    private static ObjectNode loadImageSchema() {
        try (var in = ImageView.class.getResourceAsStream("/io/openvcluster/api/glance/image-schema.json")) {
            if (in == null) {
                throw new IllegalStateException("image-schema.json is missing from compute-api");
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * GET /image/v2/images: {@code {"images": [...], "first": "/v2/images", "schema": "/v2/schemas/images"}}
     * plus {@code next} (relative, as Glance writes it) when another page exists.
     */
    public static ObjectNode glanceList(List<ObjectNode> images, Optional<String> next) {
        ObjectNode doc = Json.object();
        doc.putArray("images").addAll(images);
        doc.put("first", "/v2/images");
        doc.put("schema", "/v2/schemas/images");
        next.ifPresent(n -> doc.put("next", n));
        return doc;
    }

    /**
     * One image of Nova's /images proxy (unwrapped): status mapped from Glance (queued/saving SAVING,
     * active ACTIVE, killed ERROR, deleted/pending_delete DELETED), properties as metadata, and for a
     * snapshot the server it came from.
     */
    public static ObjectNode novaImage(ImageData img, Links l) {
        ObjectNode o = Json.object();
        o.put("id", img.id());
        o.put("name", img.name());
        o.put("status", NOVA_STATUS.getOrDefault(img.status(), "UNKNOWN"));
        o.put("progress", NOVA_PROGRESS.getOrDefault(img.status(), 0));
        o.put("minDisk", img.minDiskGb());
        o.put("minRam", img.minRamMb());
        o.put("created", Timestamps.seconds(img.createdAt()));
        o.put("updated", Timestamps.seconds(img.updatedAt()));
        Map<String, String> metadata = new TreeMap<>(img.properties());
        metadata.keySet().removeAll(GLANCE_KEYS);
        o.set("metadata", ServerView.stringMap(metadata));
        ArrayNode links = l.selfAndBookmark("images", img.id());
        links.addObject()
                .put("rel", "alternate")
                .put("type", "application/vnd.openstack.image")
                .put("href", l.imageBase() + "/images/" + img.id());
        o.set("links", links);
        o.put("OS-EXT-IMG-SIZE:size", img.sizeBytes());
        String serverId = img.properties().get(INSTANCE_UUID);
        if (serverId != null && !serverId.isEmpty()) {
            ObjectNode server = o.putObject("server");
            server.put("id", serverId);
            server.set("links", l.selfAndBookmark("servers", serverId));
        }
        return o;
    }

    /** Summary item of Nova's GET /images: id, name, links. */
    public static ObjectNode novaImageSummary(ImageData img, Links l) {
        ObjectNode full = novaImage(img, l);
        ObjectNode o = Json.object();
        o.set("id", full.get("id"));
        o.set("name", full.get("name"));
        o.set("links", full.get("links"));
        return o;
    }
}

package io.openvcluster.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ImageRecordSpec;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Glance's {@code POST /v2/images}: a {@code queued} image owned by the caller's project, with no data until an
 * archive is uploaded to it ({@link ImageUploads}). The attributes a client may set are Glance's: {@code id},
 * {@code name}, {@code visibility}, {@code container_format}, {@code disk_format}, {@code min_ram},
 * {@code min_disk}, {@code protected}, {@code tags}, and string properties, each checked as a PATCH checks it
 * ({@link ImagePatches}: 400 for a bad value, 403 for a read-only attribute or one of the facade's own properties).
 */
final class ImageCreation {
    /** Glance's enums for the two formats (its schema's). */
    static final List<String> CONTAINER_FORMATS = List.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker",
            "compressed");
    static final List<String> DISK_FORMATS = List.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2",
            "vdi", "iso", "ploop");
    /** Glance's {@code image_property_quota} default: properties of one image. */
    static final int MAX_PROPERTIES = 128;
    private static final Set<String> CORE = Set.of("name", "visibility", "protected", "min_disk", "min_ram", "tags");
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private final KubernetesClient client;
    private final RecordStore store;
    private final Clock clock;

    ImageCreation(KubernetesClient client, RecordStore store, Clock clock) {
        this.client = client;
        this.store = store;
        this.clock = clock;
    }

    ImageData create(Caller caller, JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        String id = body.hasNonNull("id") ? id(body.get("id")) : UUID.randomUUID().toString();
        String now = clock.instant().toString();
        ImageRecord record = new ImageRecord();
        record.getMetadata().setName(Records.imageName(id));
        record.getMetadata().setNamespace(store.namespace());
        ImageRecordSpec spec = record.getSpec();
        spec.setId(id);
        spec.setStatus("queued");
        spec.setVisibility("private");
        spec.setOwner(caller.projectId());
        spec.setCreatedAt(now);
        spec.setUpdatedAt(now);
        spec.setTags(new ArrayList<>());
        spec.setProperties(new LinkedHashMap<>());
        spec.setContainerFormat(format(body, "container_format", CONTAINER_FORMATS));
        spec.setDiskFormat(format(body, "disk_format", DISK_FORMATS));
        int properties = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("id") || key.equals("container_format") || key.equals("disk_format")) {
                continue;
            }
            if (key.isEmpty() || key.length() > ImagePatches.MAX_NAME) {
                throw ApiException.badRequest("Invalid property name: 1 to " + ImagePatches.MAX_NAME
                        + " characters are required.");
            }
            if (!CORE.contains(key) && ++properties > MAX_PROPERTIES) {
                throw new ApiException(413, "Maximum number of properties exceeded: at most " + MAX_PROPERTIES
                        + " are allowed.");
            }
            if (key.equals("name") && field.getValue().isNull()) {
                continue;
            }
            ImagePatches.apply(caller, spec, new ImageChange(key, Optional.of(field.getValue())));
        }
        try {
            ImageRecord created = client.resources(ImageRecord.class).inNamespace(store.namespace())
                    .resource(record).create();
            return CatalogRecords.imageData(store.created(created));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw ApiException.conflict("Image with identifier " + id + " already exists!");
            }
            throw RecordWriter.unavailable(e);
        }
    }

    private String id(JsonNode value) {
        if (!value.isTextual() || !UUID_SHAPE.matcher(value.asText()).matches()) {
            throw ApiException.badRequest("Invalid value for id: " + value + " is not a valid UUID.");
        }
        String id = UUID.fromString(withDashes(value.asText())).toString();
        if (store.image(id).isPresent()) {
            throw ApiException.conflict("Image with identifier " + id + " already exists!");
        }
        return id;
    }

    private static String withDashes(String hex) {
        if (hex.contains("-")) {
            return hex;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** Glance's formats: one of its enum, or not set (null: the upload then asks for it). */
    private static String format(JsonNode body, String key, List<String> allowed) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            throw ApiException.badRequest("Invalid value for " + key + ": " + value + " is not one of "
                    + allowed + ".");
        }
        return value.asText();
    }
}

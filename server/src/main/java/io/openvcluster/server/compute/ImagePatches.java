package io.openvcluster.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ImageRecordSpec;
import io.openvcluster.server.kube.records.CatalogRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Glance's rules for one PATCH operation on an image record: which attributes are read-only (403, Glance's
 * wording), which values are valid (400), and who may widen the visibility.
 */
final class ImagePatches {
    static final int MAX_NAME = 255;
    /** Glance's read-only and reserved attributes: computed by the service, never set by a client. */
    private static final Set<String> READ_ONLY = Set.of("id", "status", "owner", "size", "virtual_size", "checksum",
            "os_hash_algo", "os_hash_value", "os_hidden", "created_at", "updated_at", "self", "file", "schema",
            "locations", "direct_url", "disk_format", "container_format");
    private static final Set<String> VISIBILITIES = Set.of("private", "shared", "community", "public");

    private ImagePatches() {
    }

    static void apply(Caller caller, ImageRecordSpec spec, ImageChange change) {
        String attribute = change.attribute();
        if (READ_ONLY.contains(attribute) || CatalogRecords.MANAGED_PROPERTIES.contains(attribute)) {
            throw ApiException.forbidden("Attribute '" + attribute + "' is read-only.");
        }
        if (change.value().isEmpty()) {
            remove(spec, attribute);
            return;
        }
        JsonNode value = change.value().get();
        switch (attribute) {
            case "name" -> spec.setName(name(value));
            case "visibility" -> spec.setVisibility(visibility(caller, value));
            case "protected" -> spec.setIsProtected(bool(attribute, value));
            case "min_disk" -> spec.setMinDiskGb(nonNegative(attribute, value));
            case "min_ram" -> spec.setMinRamMb(nonNegative(attribute, value));
            case "tags" -> spec.setTags(tags(value));
            default -> {
                if (!value.isTextual()) {
                    throw ApiException.badRequest("Property '" + attribute + "' must be a string.");
                }
                Map<String, String> properties = new LinkedHashMap<>(spec.getProperties() == null
                        ? Map.of() : spec.getProperties());
                properties.put(attribute, value.asText());
                spec.setProperties(properties);
            }
        }
    }

    /** Core attributes cannot be removed; removing a custom property that is not there is Glance's 409. */
    private static void remove(ImageRecordSpec spec, String attribute) {
        switch (attribute) {
            case "name", "visibility", "protected", "min_disk", "min_ram", "tags" ->
                    throw ApiException.forbidden("Attribute '" + attribute + "' cannot be removed.");
            default -> {
                Map<String, String> properties = new LinkedHashMap<>(spec.getProperties() == null
                        ? Map.of() : spec.getProperties());
                if (properties.remove(attribute) == null) {
                    throw ApiException.conflict("Property " + attribute + " does not exist.");
                }
                spec.setProperties(properties);
            }
        }
    }

    private static String name(JsonNode value) {
        if (!value.isTextual() || value.asText().length() > MAX_NAME) {
            throw ApiException.badRequest("Invalid value for name: a string of at most " + MAX_NAME
                    + " characters is required.");
        }
        return value.asText();
    }

    /**
     * Snapshots stay private to their project: widening an image ({@code shared}, {@code community}, {@code public})
     * is an admin's decision (Glance's {@code publicize_image} policy, applied to every widening here).
     */
    private static String visibility(Caller caller, JsonNode value) {
        String visibility = value.asText();
        if (!value.isTextual() || !VISIBILITIES.contains(visibility)) {
            throw ApiException.badRequest("Invalid visibility value: " + value);
        }
        if (!visibility.equals("private") && !caller.isAdmin()) {
            throw ApiException.forbidden("You are not authorized to complete publicize_image action.");
        }
        return visibility;
    }

    private static boolean bool(String attribute, JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw ApiException.badRequest("Invalid value for " + attribute + ": a boolean is required.");
    }

    private static int nonNegative(String attribute, JsonNode value) {
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw ApiException.badRequest("Invalid value for " + attribute + ": a non-negative integer is required.");
        }
        return value.asInt();
    }

    private static List<String> tags(JsonNode value) {
        if (!value.isArray()) {
            throw ApiException.badRequest("Invalid value for tags: a list of strings is required.");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            if (!tag.isTextual() || tag.asText().length() > MAX_NAME) {
                throw ApiException.badRequest("Invalid value for tags: a list of strings is required.");
            }
            if (!tags.contains(tag.asText())) {
                tags.add(tag.asText());
            }
        }
        return tags;
    }
}

package io.openvcluster.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One operation of a Glance image PATCH (json-patch, {@code application/openstack-images-v2.1-json-patch}), applied
 * in order: {@code add}/{@code replace} set {@code attribute} to {@code value}, {@code remove} (empty value) removes
 * it. {@code attribute} is the path without its leading slash: a core attribute ({@code name}, {@code visibility},
 * {@code protected}, {@code min_disk}, {@code min_ram}, {@code tags}) or a custom property.
 */
public record ImageChange(String attribute, Optional<JsonNode> value) {
}

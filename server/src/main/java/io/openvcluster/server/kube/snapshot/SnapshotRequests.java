package io.openvcluster.server.kube.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.openvcluster.api.Json;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * vcluster's asynchronous snapshot request, built exactly as {@code vcluster snapshot create} builds it: a Secret
 * (the storage options) and a ConfigMap (the request and its status) with the same name and the three
 * {@code vcluster.loft.sh/*} labels, in the vcluster's host namespace, where the controller inside the running
 * vcluster picks the ConfigMap up. vcluster uses {@code generateName}; the facade derives the name from the image id
 * instead ({@code <release>-snapshot-request-<id prefix>}, the same shape), so a request is created once however
 * often a pass is repeated. A delete request is the same pair with status phase {@code Deleting}. The whole flow:
 * docs/images.md, "createImage: what a snapshot is".
 */
public final class SnapshotRequests {
    public static final String LABEL_REQUEST = "vcluster.loft.sh/snapshot-request";
    public static final String LABEL_VCLUSTER_NAME = "vcluster.loft.sh/vcluster-name";
    public static final String LABEL_VCLUSTER_NAMESPACE = "vcluster.loft.sh/vcluster-namespace";
    /** The ConfigMap key holding the request JSON, and the Secret key holding the options JSON. */
    public static final String REQUEST_KEY = "snapshotRequest";
    public static final String OPTIONS_KEY = "snapshotOptions";
    /** vcluster's request phases (pkg/snapshot). */
    public static final String PHASE_CREATING = "CreatingEtcdBackup";
    public static final String PHASE_COMPLETED = "Completed";
    public static final String PHASE_FAILED = "Failed";
    public static final String PHASE_DELETING = "Deleting";
    public static final String PHASE_DELETING_BACKUP = "DeletingEtcdBackup";
    public static final String PHASE_DELETED = "Deleted";

    private SnapshotRequests() {
    }

    public static String requestName(String release, String imageId) {
        return release + "-snapshot-request-" + shortId(imageId);
    }

    public static String deleteRequestName(String release, String imageId) {
        return release + "-snapshot-request-delete-" + shortId(imageId);
    }

    private static String shortId(String imageId) {
        String safe = imageId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return safe.length() > 8 ? safe.substring(0, 8) : safe;
    }

    public static Map<String, String> labels(String release, String namespace) {
        return Map.of(LABEL_VCLUSTER_NAMESPACE, namespace, LABEL_VCLUSTER_NAME, release, LABEL_REQUEST, "");
    }

    /**
     * The options Secret of a snapshot: as {@link #optionsSecret(String, String, String, String, Map, String)}, and
     * the release's {@code values} name the distro and Kubernetes version the vcluster runs
     * ({@code controlPlane.distro.<distro>.enabled} and {@code .version}, vcluster.yaml's keys). vcluster writes the
     * release into the archive, so an archive downloaded and uploaded again says what it restores (docs/images.md).
     */
    public static Secret snapshotOptionsSecret(String name, String namespace, String release, String url,
                                               Map<String, String> credentials, ImageSnapshot image) {
        ObjectNode options = options(namespace, release, url, credentials, image.chartVersion());
        String values = "controlPlane:\n  distro:\n    " + image.distro() + ":\n      enabled: true\n      version: v"
                + image.kubernetesVersion() + "\n";
        // vcluster's HelmRelease.Values is []byte: base64 in its JSON
        ((ObjectNode) options.get("release")).put("values", base64(values));
        return secret(name, namespace, release, options);
    }

    /** The options Secret: {@code snapshotOptions} is the JSON of vcluster's {@code snapshot.Options}. */
    public static Secret optionsSecret(String name, String namespace, String release, String url,
                                       Map<String, String> credentials, String chartVersion) {
        return secret(name, namespace, release, options(namespace, release, url, credentials, chartVersion));
    }

    private static ObjectNode options(String namespace, String release, String url, Map<String, String> credentials,
                                      String chartVersion) {
        ObjectNode options = Json.object();
        String type = SnapshotStore.scheme(url);
        options.put("type", type);
        for (String kind : new String[] {"s3", "container", "oci", "azure", "file"}) {
            options.putObject(kind);
        }
        ObjectNode typed = (ObjectNode) options.get(type);
        URI uri = URI.create(url);
        switch (type) {
            case "container" -> typed.put("path", uri.getPath());
            case "s3" -> {
                typed.put("bucket", uri.getHost());
                typed.put("key", uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath());
            }
            case "oci" -> typed.put("repository", url.substring("oci://".length()));
            default -> { }
        }
        credentials.forEach(typed::put);
        ObjectNode releaseInfo = options.putObject("release");
        releaseInfo.put("releaseName", release);
        releaseInfo.put("releaseNamespace", namespace);
        releaseInfo.put("chartName", "vcluster");
        releaseInfo.put("chartVersion", chartVersion);
        return options;
    }

    private static Secret secret(String name, String namespace, String release, ObjectNode options) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels(release, namespace))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(OPTIONS_KEY, base64(options.toString())))
                .build();
    }

    /** The request ConfigMap; {@code phase} is empty for a new snapshot, {@link #PHASE_DELETING} for a delete. */
    public static ConfigMap requestConfigMap(String name, String namespace, String release, String url,
                                             String createdAt, String phase) {
        ObjectNode request = Json.object();
        request.putObject("metadata").put("name", name).put("creationTimestamp", createdAt);
        request.putObject("spec").put("url", url);
        ObjectNode status = request.putObject("status");
        if (!phase.isEmpty()) {
            status.put("phase", phase);
        }
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels(release, namespace))
                .endMetadata()
                .withData(Map.of(REQUEST_KEY, request.toString()))
                .build();
    }

    /** The request as the controller last wrote it. */
    public record RequestStatus(String phase, Optional<String> error, String url) {
    }

    public static RequestStatus status(ConfigMap configMap) {
        String text = configMap.getData() == null ? null : configMap.getData().get(REQUEST_KEY);
        if (text == null) {
            return new RequestStatus("", Optional.empty(), "");
        }
        try {
            JsonNode request = Json.MAPPER.readTree(text);
            String message = request.at("/status/error/message").asText("");
            return new RequestStatus(request.at("/status/phase").asText(""),
                    message.isEmpty() ? Optional.empty() : Optional.of(message), request.at("/spec/url").asText(""));
        } catch (IOException e) {
            return new RequestStatus(PHASE_FAILED, Optional.of("unreadable snapshot request: " + e.getMessage()), "");
        }
    }

    /** The request JSON with a new phase (and error message), as the controller writes it back. */
    public static String withPhase(String requestJson, String phase, Optional<String> error) {
        try {
            ObjectNode request = (ObjectNode) Json.MAPPER.readTree(requestJson);
            ObjectNode status = request.has("status") && request.get("status").isObject()
                    ? (ObjectNode) request.get("status") : request.putObject("status");
            status.put("phase", phase);
            error.ifPresent(message -> status.putObject("error").put("message", message));
            return request.toString();
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a snapshot request: " + e.getMessage(), e);
        }
    }

    /** The credentials Secret's keys and values, decoded. */
    public static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k,
                    new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret != null && secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

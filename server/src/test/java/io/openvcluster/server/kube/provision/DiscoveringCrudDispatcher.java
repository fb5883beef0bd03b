package io.openvcluster.server.kube.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * fabric8's CRUD mock API server plus the discovery documents Helm's client-go reads before it writes anything
 * ({@code /version}, {@code /api}, {@code /apis} and one resource list per group version), for the kinds the test
 * chart and Helm's release storage use, a JSON content type on every answer, and Helm's protobuf Secrets read as JSON
 * ({@link ProtobufSecrets}), strategic merge patches applied ({@link StrategicMerge}).
 */
final class DiscoveringCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Map<String, String> CORE = Map.of("namespaces", "Namespace", "secrets", "Secret",
            "serviceaccounts", "ServiceAccount", "services", "Service", "configmaps", "ConfigMap",
            "resourcequotas", "ResourceQuota", "limitranges", "LimitRange", "pods", "Pod",
            "persistentvolumeclaims", "PersistentVolumeClaim");
    /** The API groups besides the core one, and their kinds (vcluster's chart uses rbac, and policy when asked). */
    private static final Map<String, Map<String, String>> GROUPS = Map.of(
            "apps/v1", Map.of("statefulsets", "StatefulSet", "deployments", "Deployment"),
            "rbac.authorization.k8s.io/v1", Map.of("roles", "Role", "rolebindings", "RoleBinding",
                    "clusterroles", "ClusterRole", "clusterrolebindings", "ClusterRoleBinding"),
            "policy/v1", Map.of("poddisruptionbudgets", "PodDisruptionBudget"),
            "networking.k8s.io/v1", Map.of("networkpolicies", "NetworkPolicy", "ingresses", "Ingress"));
    private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("namespaces", "clusterroles",
            "clusterrolebindings");
    private static final ObjectMapper JSON = new ObjectMapper();

    DiscoveringCrudDispatcher() {
        super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath().replaceFirst("\\?.*$", "");
        String body = switch (path) {
            case "/version" -> """
                    {"major":"1","minor":"33","gitVersion":"v1.33.0","platform":"linux/amd64"}""";
            case "/api" -> """
                    {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}""";
            case "/apis" -> groups();
            case "/api/v1" -> resources("v1", CORE);
            default -> path.startsWith("/apis/") && GROUPS.containsKey(path.substring(6))
                    ? resources(path.substring(6), GROUPS.get(path.substring(6))) : null;
        };
        if (body == null) {
            MockResponse response = strategic(request) ? patch(request) : super.dispatch(asJson(request));
            // client-go decodes a response without a content type as protobuf, which it asked for first
            if (response.header("Content-Type") == null) {
                response.addHeader("Content-Type", "application/json");
            }
            return typedList(path, response);
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(body);
    }

    private static boolean strategic(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return "PATCH".equals(request.getMethod()) && type != null
                && type.startsWith("application/strategic-merge-patch+json");
    }

    /** A strategic merge patch as a read, a merge ({@link StrategicMerge}) and an update. */
    @SuppressWarnings("unchecked")
    private MockResponse patch(RecordedRequest request) {
        String path = request.getPath().replaceFirst("\\?.*$", "");
        Headers json = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
        MockResponse current = super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, path, json,
                new Buffer()));
        if (current.code() != 200) {
            return current;
        }
        try {
            Map<String, Object> live = JSON.readValue(current.getBody().getBytes(), Map.class);
            Map<String, Object> patch = JSON.readValue(request.getBody().getBytes(), Map.class);
            byte[] merged = JSON.writeValueAsBytes(StrategicMerge.apply(live, patch));
            return super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path, json,
                    new Buffer(merged)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * fabric8's mock answers every collection as kind {@code List}; client-go's typed clients read only their own list
     * kind ({@code SecretList}), and would see no Helm release at all.
     */
    private static MockResponse typedList(String path, MockResponse response) {
        String plural = path.substring(path.lastIndexOf('/') + 1);
        String kind = CORE.getOrDefault(plural, GROUPS.values().stream().map(kinds -> kinds.get(plural))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null));
        if (kind == null || response.getBody() == null) {
            return response;
        }
        String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
        return body.contains("\"kind\":\"List\"")
                ? response.setBody(body.replaceFirst("\"kind\":\"List\"", "\"kind\":\"" + kind + "List\""))
                : response;
    }

    /** A protobuf body (client-go's typed clients) as JSON: a Secret converted, anything else (DeleteOptions) dropped. */
    private static RecordedRequest asJson(RecordedRequest request) {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (!ProtobufSecrets.isProtobuf(body)) {
            return request;
        }
        String json = request.getPath().contains("/secrets") && !"DELETE".equals(request.getMethod())
                ? ProtobufSecrets.toJson(body) : "";
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), headers,
                new Buffer(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String groups() {
        return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + GROUPS.keySet().stream()
                .map(gv -> {
                    String version = "{\"groupVersion\":\"" + gv + "\",\"version\":\"v1\"}";
                    return "{\"name\":\"" + gv.substring(0, gv.indexOf('/')) + "\",\"versions\":[" + version
                            + "],\"preferredVersion\":" + version + "}";
                }).collect(Collectors.joining(",")) + "]}";
    }

    private static String resources(String groupVersion, Map<String, String> kinds) {
        String resources = kinds.entrySet().stream()
                .map(e -> "{\"name\":\"" + e.getKey() + "\",\"singularName\":\"\",\"namespaced\":"
                        + !CLUSTER_SCOPED.contains(e.getKey()) + ",\"kind\":\"" + e.getValue() + "\",\"verbs\":"
                        + "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}")
                .collect(Collectors.joining(","));
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                + "\",\"resources\":[" + resources + "]}";
    }
}


package io.openvcluster.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the built-in renderer with the real chart output {@code rendered-flavor.yaml} (chart 0.36.1,
 * release my-vc, Kubernetes 1.33.4). Values that come from the flavor (quota numbers, resources, PVC size)
 * differ by design and are checked against {@link HostResources} instead.
 */
class VclusterManifestsTest {
    private static final VclusterNames NAMES = new VclusterNames("3f2a9c1e-0000", "my-vc", "vcluster-my-vc");
    private static final FlavorSpec FLAVOR = new FlavorSpec("2", "vc.small", 2, 4096, 20, Map.of());
    private static final ImageSpec IMAGE = ImageSpec.k8s("img", "0.36.1", "v1.33.4");
    private static final Map<String, String> OWNER = Map.of(
            "compute.openvcluster.io/server-id", "3f2a9c1e-0000", "compute.openvcluster.io/project-id", "p1");
    /** fabric8 8 model classes carry Jackson 3 annotations; Jackson 2 reads the JSON text back as a tree. */
    private static final JsonMapper FABRIC8_JSON = JsonMapper.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<HasMetadata> objects;
    private static List<JsonNode> ours;
    private static List<JsonNode> chart;

    @BeforeAll
    static void render() throws IOException {
        objects = VclusterManifests.render(NAMES, FLAVOR, IMAGE, OWNER);
        ours = new ArrayList<>();
        for (HasMetadata object : objects) {
            ours.add(JSON.readTree(FABRIC8_JSON.writeValueAsString(object)));
        }
        chart = new ArrayList<>();
        try (InputStream in = VclusterManifestsTest.class.getResourceAsStream("/rendered-flavor.yaml")) {
            new YAMLMapper().readValues(new YAMLFactory().createParser(in), JsonNode.class)
                    .forEachRemaining(node -> {
                        if (node != null && !node.isEmpty()) {
                            chart.add(node);
                        }
                    });
        }
    }

    /**
     * The reconciler changes what a render gives (replicas, a clone's paused first install): each render's objects
     * are its own and can be changed, whatever the renderer shares between renders (the config text).
     */
    @Test
    void eachRenderGivesItsOwnChangeableObjects() {
        List<HasMetadata> first = VclusterManifests.render(NAMES, FLAVOR, IMAGE, OWNER);
        List<HasMetadata> second = VclusterManifests.render(NAMES, FLAVOR, IMAGE, OWNER);
        assertEquals(first, second);
        var pod = ((StatefulSet) first.get(9)).getSpec().getTemplate().getSpec();
        pod.getContainers().add(new ContainerBuilder().withName("extra").build());
        pod.getInitContainers().clear();
        pod.getVolumes().remove(0);
        assertNotEquals(first, second);
        assertEquals(1, ((StatefulSet) second.get(9)).getSpec().getTemplate().getSpec().getContainers().size());
    }

    @Test
    void sameKindsAndNamesInHelmsInstallOrder() {
        assertEquals(10, chart.size());
        assertEquals(kindsAndNames(chart), kindsAndNames(ours));
    }

    static Stream<Arguments> sameFields() {
        return Stream.of(
                Arguments.of("Role", "/rules"),
                Arguments.of("RoleBinding", "/subjects"),
                Arguments.of("RoleBinding", "/roleRef"),
                Arguments.of("Service:my-vc-headless", "/spec"),
                Arguments.of("Service:my-vc", "/spec/selector"),
                Arguments.of("Service:my-vc", "/spec/type"),
                Arguments.of("Secret", "/type"),
                Arguments.of("StatefulSet", "/spec/selector"),
                Arguments.of("StatefulSet", "/spec/serviceName"),
                Arguments.of("StatefulSet", "/spec/podManagementPolicy"),
                Arguments.of("StatefulSet", "/spec/persistentVolumeClaimRetentionPolicy"),
                Arguments.of("StatefulSet", "/spec/replicas"),
                Arguments.of("StatefulSet", "/spec/volumeClaimTemplates/0/metadata/name"),
                Arguments.of("StatefulSet", "/spec/volumeClaimTemplates/0/spec/accessModes"),
                Arguments.of("StatefulSet", "/spec/template/metadata/labels"),
                Arguments.of("StatefulSet", "/spec/template/spec/terminationGracePeriodSeconds"),
                Arguments.of("StatefulSet", "/spec/template/spec/serviceAccountName"),
                Arguments.of("StatefulSet", "/spec/template/spec/enableServiceLinks"),
                Arguments.of("StatefulSet", "/spec/template/spec/volumes"),
                Arguments.of("StatefulSet", "/spec/template/spec/initContainers"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/name"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/image"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/livenessProbe"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/readinessProbe"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/startupProbe"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/securityContext"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/env"),
                Arguments.of("StatefulSet", "/spec/template/spec/containers/0/volumeMounts"),
                Arguments.of("LimitRange", "/spec/limits/0/type"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("sameFields")
    void fieldMatchesTheChart(String object, String pointer) {
        JsonNode expected = find(chart, object).at(pointer);
        JsonNode actual = find(ours, object).at(pointer);

        assertTrue(!expected.isMissingNode() && !actual.isMissingNode(), pointer + " present on both sides");
        assertEquals(normalize(expected), normalize(actual));
    }

    @Test
    void serviceHasHttpsAndKubeletPortsToTheApi() {
        JsonNode ports = find(ours, "Service:my-vc").at("/spec/ports");
        JsonNode chartPorts = find(chart, "Service:my-vc").at("/spec/ports");
        for (JsonNode port : chartPorts) {
            ((ObjectNode) port).remove("nodePort");
        }
        assertEquals(normalize(chartPorts), normalize(ports));
        assertEquals("true", find(ours, "Service:my-vc").at("/metadata/labels/vcluster.loft.sh~1service").asText());
    }

    @Test
    void everyObjectHasTheChartLabelsPlusOwnerLabelsAndNamespace() {
        for (HasMetadata object : objects) {
            Map<String, String> labels = object.getMetadata().getLabels();
            assertEquals("vcluster", labels.get("app"), object.getKind());
            assertEquals("vcluster-0.36.1", labels.get("chart"));
            assertEquals("my-vc", labels.get("release"));
            assertEquals("Helm", labels.get("heritage"));
            assertEquals("3f2a9c1e-0000", labels.get("compute.openvcluster.io/server-id"));
            assertEquals("p1", labels.get("compute.openvcluster.io/project-id"));
            assertEquals("vcluster-my-vc", object.getMetadata().getNamespace());
        }
        // chart labels match the rendered file exactly (owner labels aside)
        for (int i = 0; i < chart.size(); i++) {
            ObjectNode labels = ((ObjectNode) ours.get(i).at("/metadata/labels")).deepCopy();
            OWNER.keySet().forEach(labels::remove);
            assertEquals(chart.get(i).at("/metadata/labels"), labels, kindsAndNames(chart).get(i));
        }
    }

    @Test
    void ownerLabelsStayOffSelectors() {
        assertEquals(Map.of("app", "vcluster", "release", "my-vc"),
                statefulSet().getSpec().getSelector().getMatchLabels());
        assertEquals(Map.of("app", "vcluster", "release", "my-vc"),
                statefulSet().getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void ownerLabelsCannotOverrideChartLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> VclusterManifests.render(NAMES, FLAVOR, IMAGE, Map.of("release", "other")));
    }

    @Test
    void configSecretHoldsTheValuesAndThePodHashesThem() {
        Secret secret = (Secret) objects.stream().filter(o -> o instanceof Secret).findFirst().orElseThrow();
        String config = new String(Base64.getDecoder().decode(secret.getData().get("config.yaml")), StandardCharsets.UTF_8);

        assertEquals("vc-config-my-vc", secret.getMetadata().getName());
        assertEquals(VclusterValues.configYaml(VclusterValues.values(NAMES, FLAVOR, IMAGE)), config);
        String hash = statefulSet().getSpec().getTemplate().getMetadata().getAnnotations().get("vClusterConfigHash");
        assertEquals(VclusterManifests.configHash(config), hash);
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    }

    @Test
    void anotherFlavorRollsTheControlPlane() {
        FlavorSpec bigger = new FlavorSpec("3", "vc.medium", 4, 8192, 40, Map.of());
        StatefulSet other = (StatefulSet) VclusterManifests.render(NAMES, bigger, IMAGE, OWNER).getLast();

        assertTrue(!statefulSet().getSpec().getTemplate().getMetadata().getAnnotations()
                .equals(other.getSpec().getTemplate().getMetadata().getAnnotations()));
    }

    @Test
    void syncerResourcesAndPvcComeFromTheFlavor() throws IOException {
        JsonNode syncer = find(ours, "StatefulSet").at("/spec/template/spec/containers/0/resources");

        assertEquals(JSON.valueToTree(HostResources.controlPlaneResources(FLAVOR)), syncer);
        assertEquals("5Gi", find(ours, "StatefulSet")
                .at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText());
    }

    @Test
    void quotaAndLimitRangeComeFromTheFlavor() {
        assertEquals(JSON.valueToTree(HostResources.quota(FLAVOR)), find(ours, "ResourceQuota").at("/spec/hard"));
        assertEquals(JSON.valueToTree(HostResources.limitDefaults(FLAVOR)),
                find(ours, "LimitRange").at("/spec/limits/0/default"));
        // the chart writes the same quota keys we do
        List<String> chartKeys = new ArrayList<>();
        find(chart, "ResourceQuota").at("/spec/hard").fieldNames().forEachRemaining(chartKeys::add);
        assertEquals(HostResources.CHART_DEFAULT_QUOTA_KEYS, Set.copyOf(chartKeys));
    }

    private static StatefulSet statefulSet() {
        return (StatefulSet) objects.getLast();
    }

    private static List<String> kindsAndNames(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.path("kind").asText() + ":" + n.at("/metadata/name").asText()).toList();
    }

    /** "Kind" or "Kind:name". */
    private static JsonNode find(List<JsonNode> nodes, String object) {
        String[] parts = object.split(":");
        return nodes.stream()
                .filter(n -> n.path("kind").asText().equals(parts[0]))
                .filter(n -> parts.length == 1 || n.at("/metadata/name").asText().equals(parts[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + object));
    }

    /** YAML scalars may be numbers or strings ("8443" vs 8443); compare by text. */
    private static JsonNode normalize(JsonNode node) {
        if (node.isValueNode()) {
            return JSON.getNodeFactory().textNode(node.asText());
        }
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(element -> array.add(normalize(element)));
            return array;
        }
        ObjectNode object = JSON.createObjectNode();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                object.set(e.getKey(), normalize(e.getValue()));
            }
        });
        return object;
    }
}

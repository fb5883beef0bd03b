package io.openvcluster.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's optional monitoring: a ServiceMonitor that scrapes the facade's Service where the meters are, and a
 * PrometheusRule whose rules Prometheus' own {@code promtool} accepts and whose alerts fire, in promtool's unit tests
 * (src/test/resources/alert-tests.yaml), on the series the facade exports and only past their thresholds.
 */
class ChartAlertsTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void theServiceMonitorScrapesTheServicesMetricsPort() {
        RenderedChart chart = monitored();
        Service service = chart.one(Service.class);
        Map<String, Object> spec = spec(kind(chart, "ServiceMonitor"));
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
                .get("matchLabels");
        assertTrue(service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
                "selects the facade's Service: " + selector);
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).getFirst();
        assertEquals("/observe/metrics", endpoint.get("path"));
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(endpoint.get("port"))),
                "the Service has the port " + endpoint.get("port"));
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirAlertsFireWhereTheyShould(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (Debian's prometheus package): the "
                + "chart's alert rules are not checked");
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, SERIALIZATION.asYaml(spec(kind(monitored(), "PrometheusRule"))));
        Path tests = dir.resolve("alert-tests.yaml");
        try (var in = ChartAlertsTest.class.getResourceAsStream("/alert-tests.yaml")) {
            Files.copy(in, tests);
        }
        assertEquals("", promtool(dir, "check", "rules", rules.toString()), "promtool check rules");
        assertEquals("", promtool(dir, "test", "rules", tests.toString()), "promtool test rules");
    }

    private static RenderedChart monitored() {
        Map<String, Object> values = new HashMap<>(RenderedChart.REQUIRED);
        values.put("metrics.serviceMonitor.enabled", "true");
        values.put("metrics.prometheusRule.enabled", "true");
        return RenderedChart.render(values);
    }

    private static GenericKubernetesResource kind(RenderedChart chart, String kind) {
        List<GenericKubernetesResource> found = chart.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind)).toList();
        assertEquals(1, found.size(), kind);
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** Runs promtool; empty when it succeeded, else its whole output. */
    private static String promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool ended");
        return process.exitValue() == 0 ? "" : output;
    }
}

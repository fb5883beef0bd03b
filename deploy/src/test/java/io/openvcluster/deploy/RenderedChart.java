package io.openvcluster.deploy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The facade's chart rendered by the Helm embedded in helm-java ({@code helm template}), parsed into objects. */
record RenderedChart(String yaml, List<HasMetadata> objects) {
    static final Path CHART = Path.of("helm", "open-vcluster-api");
    static final String RELEASE = "ovc";
    /** The facade's default namespace, where the recorded run keeps its records too. */
    static final String NAMESPACE = "openvcluster-system";
    /** The least a real install must set. */
    static final Map<String, Object> REQUIRED = Map.of("keycloak.url", "https://sso.example.org");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static RenderedChart render(Map<String, Object> values) {
        // helm template assumes Kubernetes 1.20 unless told; the chart needs 1.27 or newer
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion("1.33.0");
        values.forEach(template::set);
        String yaml = template.call();
        List<HasMetadata> objects = Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
                .map(doc -> SERIALIZATION.unmarshal(doc, HasMetadata.class))
                .toList();
        return new RenderedChart(yaml, objects);
    }

    static RenderedChart withDefaults() {
        return render(REQUIRED);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new NoSuchElementException("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }
}

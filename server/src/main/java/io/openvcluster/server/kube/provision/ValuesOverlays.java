package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's chart values per image, for the Helm provisioner: Secret {@code vcluster-values-<image id>} in the
 * facade's namespace, key {@value #KEY} (a vcluster.yaml fragment: registry mirrors, node selectors, extra SANs...).
 * The facade's own values (flavor, image) are laid over it, so an overlay cannot change a flavor's quota. Read when
 * a release is planned (create, resize, revert, rebuild); an edited overlay reaches a vcluster at its next one.
 */
public final class ValuesOverlays implements Function<String, Map<String, Object>> {
    static final String PREFIX = "vcluster-values-";
    static final String KEY = "values.yaml";

    private final KubernetesClient client;
    private final String namespace;

    public ValuesOverlays(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    static String secretName(String imageId) {
        return PREFIX + imageId;
    }

    @Override
    public Map<String, Object> apply(String imageId) {
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName(imageId)).get();
        Optional<String> yaml = Optional.ofNullable(secret).map(Secret::getData).map(data -> data.get(KEY))
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .or(() -> Optional.ofNullable(secret).map(Secret::getStringData).map(data -> data.get(KEY)));
        return yaml.map(HelmValues::parse).orElseGet(LinkedHashMap::new);
    }
}

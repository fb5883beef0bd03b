package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Plays the vcluster control plane's kubeconfig export: once it is up, vcluster's syncer writes Secret
 * {@code vc-<release>} ({@code app=vcluster}, {@code vcluster-name=<release>}) whose {@code config} is a kubeconfig
 * for the pod's own port (nothing listens there in the sandbox). The StatefulSet controller has it written before
 * it reports the StatefulSet ready, so a vcluster seen ready has its kubeconfig.
 */
final class ControlPlaneKubeconfig {
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: my-vcluster
              cluster:
                server: https://localhost:8443
                insecure-skip-tls-verify: true
            contexts:
            - name: my-vcluster
              context:
                cluster: my-vcluster
                user: my-vcluster
            current-context: my-vcluster
            users:
            - name: my-vcluster
              user:
                token: sandbox-simulated-vcluster-token
            """;

    private final KubernetesClient client;

    ControlPlaneKubeconfig(KubernetesClient client) {
        this.client = client;
    }

    /** Creates Secret {@code vc-<release>} in {@code namespace} unless it is there. */
    void export(String namespace, String release) {
        String name = "vc-" + release;
        if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
            return;
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Map.of("app", "vcluster", "vcluster-name", release)).endMetadata()
                .withType("Opaque")
                .withData(Map.of("config", Base64.getEncoder().encodeToString(KUBECONFIG.getBytes(StandardCharsets.UTF_8))))
                .build();
        client.resource(secret).create();
    }
}

package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.translator.VclusterNames;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a vcluster the manifest provisioner made over to Helm. Helm 3's install adopts an object that already exists
 * when it carries the marks of the release being installed (label {@value #MANAGED_BY}{@code =Helm}, annotations
 * {@value #RELEASE_NAME} and {@value #RELEASE_NAMESPACE}); without them it refuses the install ("exists and cannot be
 * imported into the current release"). This stamps the marks on the live objects the manifest path wrote (vcluster's
 * chart renders the same kinds and names), with plain update: the resourceVersion read makes a concurrent change a
 * 409, retried by the reconciler.
 */
public final class HelmAdoption {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String RELEASE_NAME = "meta.helm.sh/release-name";
    static final String RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";

    private final KubernetesClient client;

    public HelmAdoption(KubernetesClient client) {
        this.client = client;
    }

    /** Marks every live object of the desired vcluster as the release's; objects not on the host are left to Helm. */
    public void stamp(DesiredVcluster desired) {
        VclusterNames names = desired.names();
        for (HasMetadata object : desired.objects().get()) {
            HasMetadata live = client.resource(object).get();
            if (live == null || marked(live, names)) {
                continue;
            }
            Map<String, String> labels = new HashMap<>(orEmpty(live.getMetadata().getLabels()));
            labels.put(MANAGED_BY, "Helm");
            Map<String, String> annotations = new HashMap<>(orEmpty(live.getMetadata().getAnnotations()));
            annotations.put(RELEASE_NAME, names.release());
            annotations.put(RELEASE_NAMESPACE, names.namespace());
            live.getMetadata().setLabels(labels);
            live.getMetadata().setAnnotations(annotations);
            client.resource(live).update();
        }
    }

    static boolean marked(HasMetadata object, VclusterNames names) {
        Map<String, String> labels = orEmpty(object.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(object.getMetadata().getAnnotations());
        return "Helm".equals(labels.get(MANAGED_BY)) && names.release().equals(annotations.get(RELEASE_NAME))
                && names.namespace().equals(annotations.get(RELEASE_NAMESPACE));
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}

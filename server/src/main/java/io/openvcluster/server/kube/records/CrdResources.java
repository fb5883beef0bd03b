package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.util.List;

/** The CRDs of our records, as generated at build time into the jar ({@code META-INF/fabric8/*-v1.yml}). */
public final class CrdResources {
    public static final List<String> NAMES = List.of(
            "servers.compute.openvcluster.io", "flavors.compute.openvcluster.io", "images.compute.openvcluster.io",
            "quotasets.compute.openvcluster.io", "keypairs.compute.openvcluster.io",
            "deletedservers.compute.openvcluster.io", "securitygroups.compute.openvcluster.io",
            "computeservices.compute.openvcluster.io", "servergroups.compute.openvcluster.io");

    private CrdResources() {
    }

    public static List<CustomResourceDefinition> load(KubernetesClient client) {
        return NAMES.stream().map(name -> load(client, name)).toList();
    }

    /** One of {@link #NAMES}, read from the jar. */
    public static CustomResourceDefinition load(KubernetesClient client, String name) {
        String path = "/META-INF/fabric8/" + name + "-v1.yml";
        try (InputStream in = CrdResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + path + " is missing from the classpath (built by crd-generator)");
            }
            return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code create} unless {@code present}; a 409 (someone else created it meanwhile) counts as done. */
    public static void createIfAbsent(Runnable create, boolean present) {
        if (present) {
            return;
        }
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}

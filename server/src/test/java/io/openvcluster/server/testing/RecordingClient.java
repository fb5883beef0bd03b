package io.openvcluster.server.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.openvcluster.server.sandbox.SandboxCluster;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client of a sandbox cluster that records every request it sends as {@code "<METHOD> <path>"}, retries
 * included: what a backend given this client asked of the API server.
 */
public final class RecordingClient {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final KubernetesClient client;

    /** Made by {@link TestSandbox#recordingClient()}, which closes it. */
    RecordingClient(SandboxCluster sandbox) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(sandbox.url()).withNamespace("default")
                .withOauthToken("sandbox-not-for-production").withRequestRetryBackoffLimit(3).build();
        this.client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("record", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        requests.add(sent.method() + " " + sent.uri().getPath());
                    }
                }))
                .build();
    }

    public KubernetesClient client() {
        return client;
    }

    /** Everything sent so far, in order; the list is live (later requests are added to it). */
    public List<String> requests() {
        return requests;
    }

    /** The requests sent so far other than GETs (reads, lists and watches). */
    public List<String> writes() {
        return requests.stream().filter(r -> !r.startsWith("GET ")).toList();
    }
}

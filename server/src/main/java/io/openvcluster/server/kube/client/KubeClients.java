package io.openvcluster.server.kube.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * The facade's Kubernetes clients: fabric8 over the JDK's HTTP client, without a connect timeout.
 *
 * <p>Why no connect timeout: with one set, the JDK's HTTP client keeps, on each connection, the timer of its connect,
 * and the timer keeps the exchange that opened the connection, response body included, for as long as the connection
 * lives (JDK 25's {@code PlainHttpConnection.connectTimerEvent} is never cleared). The facade's first request is the
 * server records' list, so its connection held that whole list: 15 MB of JSON at 10,000 servers, the largest single
 * object in the heap (docs/benchmarks.md, "A connect timeout made the JDK client keep each connection's first
 * response"). Without one, a request is still bounded by fabric8's request timeout, which the JDK counts from before
 * the connect; only a watch (which has none) waits for the operating system to give up on a host that never
 * answers, then reconnects as after any watch error.
 */
public final class KubeClients {
    private KubeClients() {
    }

    /** The client for the cluster the environment names (kubeconfig, in-cluster account), as fabric8 finds it. */
    public static KubernetesClient fromEnvironment() {
        return build(Config.autoConfigure(null));
    }

    /** A client for {@code config}, without a connect timeout (above). */
    public static KubernetesClient build(Config config) {
        Config withoutConnectTimeout = new ConfigBuilder(config).withConnectionTimeout(0).build();
        return new KubernetesClientBuilder().withConfig(withoutConnectTimeout)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
    }
}

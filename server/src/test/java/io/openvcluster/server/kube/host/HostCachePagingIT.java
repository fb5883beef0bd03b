package io.openvcluster.server.kube.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every first list of the host informers asks for pages ({@code limit=500}): with many servers a kind's whole list
 * is more than the facade's heap holds parsed (docs/benchmarks.md, "Host lists in pages: the first lists of 20,000
 * servers did not fit in the heap").
 */
class HostCachePagingIT {

    @Test
    void everyHostListAsksForPages() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getPort()).withNamespace("default").build()).build();
             HostCache cache = HostCache.startSyncing(client, "ovc", Optional.empty(),
                     CompletableFuture.completedFuture(null))) {
            cache.syncing().get(30, TimeUnit.SECONDS);
            List<String> lists = new ArrayList<>();
            RecordedRequest request;
            while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
                if ("GET".equals(request.getMethod()) && !request.getPath().contains("watch=true")) {
                    lists.add(request.getPath());
                }
            }
            assertEquals(7, lists.size(), "one first list per host informer: " + lists);
            for (String path : lists) {
                assertTrue(path.contains("limit=" + HostCache.LIST_PAGE), path);
            }
        } finally {
            server.destroy();
        }
    }
}

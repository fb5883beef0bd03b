package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Server records written straight into the sandbox cluster, each as the facade stores an active server (spec, then
 * status), for the AOT training ({@code deploy/aot-train.sh}): a facade that starts against them lists and binds
 * them as it does at every start-up with many servers, so the cache it writes holds that path linked and profiled.
 * Their vclusters do not exist (no host objects): they belong to a project of their own, which no sandbox user
 * sees, and the training facade lives for seconds only.
 */
final class SeededServers {
    /** The project the records belong to: not one of the sandbox users' projects. */
    static final String PROJECT = "a07000000000000000000000000000a0";
    private static final int WRITERS = 4;
    private static final String TEMPLATE = """
            {"apiVersion":"compute.openvcluster.io/v1alpha1","kind":"Server","metadata":{"name":"%1$s",\
            "labels":{"compute.openvcluster.io/user-id":"a07000000000000000000000000000b0",\
            "compute.openvcluster.io/project-id":"%2$s"}},"spec":{"name":"aot-%3$d","projectId":"%2$s",\
            "userId":"a07000000000000000000000000000b0","flavor":{"id":"1","name":"vc.tiny","vcpus":1,\
            "ramMb":1024,"diskGb":5},"imageId":"2a9de301-2eb7-3e86-bdf7-727d8ab13e78","image":{"chartVersion":\
            "0.36.1","kubernetesVersion":"1.35.0","distro":"k8s"},"release":"aot-%3$d-%4$s","hostNamespace":\
            "vcluster-aot-%3$d-%4$s","powerIntent":"RUNNING","accessIPv4":"","accessIPv6":"","hostname":"aot-%3$d",\
            "availabilityZone":"nova","createRequestId":"req-%1$s","createdAt":"2026-11-26T09:31:27.088358628Z"},\
            "status":{"vmState":"active","powerState":1,"launchedAt":"2026-11-26T09:31:40.1Z","updatedAt":\
            "2026-11-26T09:31:40.1Z","everActive":true,"observedGeneration":1,"clusterIP":"10.96.0.2","actions":[{\
            "action":"create","requestId":"req-%1$s","userId":"a07000000000000000000000000000b0","projectId":\
            "%2$s","startTime":"2026-11-26T09:31:27.088358628Z","finishTime":"2026-11-26T09:31:40.1Z",\
            "result":"Success"}]}}""";

    private SeededServers() {
    }

    /** Writes {@code count} active server records into {@code namespace} (created if absent). */
    static void write(KubernetesClient client, String namespace, int count) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
        }
        try (ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
            var written = IntStream.range(0, count)
                    .mapToObj(i -> writers.submit(() -> writeOne(client, namespace, i)))
                    .toList();
            written.forEach(SeededServers::join);
        }
    }

    private static void writeOne(KubernetesClient client, String namespace, int index) {
        String id = UUID.nameUUIDFromBytes(("aot-" + index).getBytes(StandardCharsets.UTF_8)).toString();
        ServerRecord record = client.getKubernetesSerialization().unmarshal(
                TEMPLATE.formatted(id, PROJECT, index, id.substring(0, 8)), ServerRecord.class);
        record.getMetadata().setNamespace(namespace);
        // the status is a subresource: the create drops it, as an API server does, and it is written after
        var status = record.getStatus();
        ServerRecord created = client.resource(record).create();
        created.setStatus(status);
        client.resource(created).updateStatus();
    }

    private static void join(Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding server records", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a seeded server record was refused: " + e.getCause().getMessage(), e);
        }
    }
}

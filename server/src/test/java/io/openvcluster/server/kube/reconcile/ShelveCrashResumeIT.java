package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.server.testing.SlowHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Facades stopped at each step of a shelve (after the 202, while vcluster writes the snapshot, while the vcluster is
 * being stopped) and of an unshelve (after the 202, once the namespace is back, once the restore pod runs): each new
 * facade carries on from what the records and the host show; the shelve ends offloaded with one snapshot request and
 * each host operation entered once, the unshelve ends ACTIVE with the shelve image gone.
 */
class ShelveCrashResumeIT {
    private static final UnaryOperator<BackendSettings> S3 = settings -> settings.withSnapshotStore(
            new SnapshotStore("s3://shelve-crash/images", Optional.empty()));
    // a slow host (1 s per step) leaves room to stop each facade in the middle
    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofSeconds(1));

    @Test
    void aShelveAndAnUnshelveInterruptedAtEachStepAreFinishedByNewFacades() {
        KubernetesClient client = host.client();
        String id = host.activeServer("crashy");
        ServerRecord server = host.record(id);
        String ns = server.getSpec().getHostNamespace();
        Caller shelver = again(ALICE);
        try (Backend first = host.backend(S3)) {
            first.domain().servers().performAction(shelver, id, new ServerAction.Shelve());
        }
        String imageId = host.record(id).getSpec().getShelvedImageId();
        try (Backend second = host.backend(S3)) {
            await("snapshot request", () -> client.configMaps().inNamespace(ns)
                    .withName(SnapshotRequests.requestName(server.getSpec().getRelease(), imageId)).get() != null);
        }
        try (Backend third = host.backend(S3)) {
            await("the control plane stopping", () -> {
                var sts = client.apps().statefulSets().inNamespace(ns).withName(server.getSpec().getRelease()).get();
                return sts == null || sts.getSpec().getReplicas() == 0;
            });
        }
        try (Backend fourth = host.backend(S3)) {
            host.awaitIdle(fourth, id, "shelved_offloaded");
            assertNull(client.namespaces().withName(ns).get(), "offloaded");
            assertEquals(List.of("vcluster_snapshot_request", "vcluster_etcd_backup", "vcluster_pause",
                    "delete_workload_pods", "delete_vcluster", "delete_namespace"), events(fourth, id, shelver));
            assertEquals("active", fourth.domain().catalog().getImage(ALICE, imageId).status());
        }

        Caller unshelver = again(ALICE);
        try (Backend fifth = host.backend(S3)) {
            fifth.domain().servers().performAction(unshelver, id, new ServerAction.Unshelve(Optional.empty(), false,
                    Optional.empty()));
        }
        try (Backend sixth = host.backend(S3)) {
            await("namespace back", () -> client.namespaces().withName(ns).get() != null);
        }
        try (Backend seventh = host.backend(S3)) {
            await("restore pod", () -> !client.pods().inNamespace(ns).withLabel("app", "vcluster-snapshot").list()
                    .getItems().isEmpty());
        }
        try (Backend eighth = host.backend(S3)) {
            host.awaitIdle(eighth, id, "active");
            assertNotNull(client.namespaces().withName(ns).get());
            List<String> events = events(eighth, id, unshelver);
            assertTrue(events.containsAll(List.of("vcluster_install", "vcluster_restore", "vcluster_resume")),
                    events.toString());
            assertEquals(events.stream().distinct().toList(), events, "each host operation entered once");
            await("shelve image deleted", () -> eighth.domain().catalog().listImages(ALICE).stream()
                    .noneMatch(i -> i.id().equals(imageId)));
        }
    }

    private static List<String> events(Backend backend, String id, Caller caller) {
        return backend.domain().servers().getInstanceAction(ALICE, id, caller.requestId()).events().stream()
                .map(InstanceActionData.Event::event).toList();
    }
}

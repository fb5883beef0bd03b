package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.testing.SlowHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A facade that stops after accepting createImage, before or after it made the image record or vcluster's request,
 * leaves the intent in the server's spec; a new facade finishes the snapshot: the image ends active, the request was
 * made once, and the instance action ends in Success. The same for a rebuild from a snapshot (vcluster's restore).
 */
class SnapshotCrashResumeIT {
    // a slow host (1 s per step) leaves room to stop the backend before the snapshot completes
    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofSeconds(1));

    @Test
    void aSnapshotWhoseImageRecordWasLostIsRecreatedAndFinished() {
        KubernetesClient client = host.client();
        String id = host.activeServer("lost-image");
        Caller caller = again(ALICE);
        String imageId;
        try (Backend first = host.backend()) {
            imageId = first.domain().servers().createImage(caller, id, new ServerAction.CreateImage("phoenix", Map.of("a", "b")));
        }
        // as if the facade had stopped between the spec write and the image's create
        client.resources(ImageRecord.class).inNamespace(BackendSettings.DEFAULT_NAMESPACE)
                .withName(Records.imageName(imageId)).delete();
        assertNotEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId());
        try (Backend second = host.backend()) {
            await("image active", () -> second.domain().catalog().listImages(ALICE).stream()
                    .anyMatch(i -> i.id().equals(imageId) && i.status().equals("active")));
            ImageData image = second.domain().catalog().getImage(ALICE, imageId);
            assertEquals("phoenix", image.name());
            assertEquals("b", image.properties().get("a"));
            assertEquals(id, image.properties().get("instance_uuid"));
            host.awaitIdle(second, id, "active");
            assertSucceeded(second, id, caller);
        }
    }

    @Test
    void aSnapshotInterruptedWhileVclusterWritesItIsFollowedToTheEndByANewBackend() {
        KubernetesClient client = host.client();
        String id = host.activeServer("mid-backup");
        Caller caller = again(ALICE);
        String imageId;
        ServerRecord server = host.record(id);
        try (Backend first = host.backend()) {
            imageId = first.domain().servers().createImage(caller, id, new ServerAction.CreateImage("mid", Map.of()));
            String request = SnapshotRequests.requestName(server.getSpec().getRelease(), imageId);
            await("request made", () -> client.configMaps().inNamespace(server.getSpec().getHostNamespace())
                    .withName(request).get() != null);
        }
        try (Backend second = host.backend()) {
            await("image active", () -> second.domain().catalog().getImage(ALICE, imageId).status().equals("active"));
            host.awaitIdle(second, id, "active");
            assertSucceeded(second, id, caller);
            // one request for one image
            assertEquals(1, client.configMaps().inNamespace(server.getSpec().getHostNamespace())
                    .withLabel(SnapshotRequests.LABEL_REQUEST).list().getItems().size());
        }
    }

    @Test
    void aRestoreInterruptedAtEachStepIsFinishedByANewBackendWithOneRestorePod() {
        KubernetesClient client = host.client();
        String id = host.activeServer("restore-resume");
        String imageId;
        try (Backend backend = host.backend()) {
            imageId = backend.domain().servers().createImage(again(ALICE), id, new ServerAction.CreateImage("base", Map.of()));
            await("snapshot active", () -> backend.domain().catalog().getImage(ALICE, imageId).status().equals("active"));
            host.awaitIdle(backend, id, "active");
        }
        ServerRecord server = host.record(id);
        String ns = server.getSpec().getHostNamespace();
        Caller caller = again(ALICE);
        ServerAction.Rebuild rebuild = new ServerAction.Rebuild(imageId, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        // stop right after the 202, then again once the restore pod exists: each new backend carries on
        try (Backend first = host.backend()) {
            first.domain().servers().rebuildServer(caller, id, rebuild);
        }
        try (Backend second = host.backend()) {
            await("restore pod", () -> !client.pods().inNamespace(ns).withLabel("app", "vcluster-snapshot").list()
                    .getItems().isEmpty());
        }
        assertNotEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId());
        try (Backend third = host.backend()) {
            host.awaitIdle(third, id, "active");
            assertEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId());
            InstanceActionData action = third.domain().servers().getInstanceAction(ALICE, id, caller.requestId());
            assertEquals(List.of("vcluster_pause", "delete_workload_pods", "vcluster_restore", "vcluster_resume"),
                    action.events().stream().map(InstanceActionData.Event::event).toList());
            await("restore pod deleted", () -> client.pods().inNamespace(ns).withLabel("app", "vcluster-snapshot")
                    .list().getItems().isEmpty());
        }
    }

    private void assertSucceeded(Backend backend, String id, Caller caller) {
        InstanceActionData action = backend.domain().servers().getInstanceAction(ALICE, id, caller.requestId());
        assertEquals("createImage", action.action());
        assertEquals(List.of("vcluster_snapshot_request", "vcluster_etcd_backup"),
                action.events().stream().map(InstanceActionData.Event::event).toList());
        assertEquals(List.of(), action.events().stream()
                .filter(e -> !e.result().equals(Optional.of("Success"))).toList());
    }

}

package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Eventually.awaitValue;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /servers with a snapshot image (clone), on the sandbox with an s3 snapshot store (simulated in memory). */
@SandboxBackendTest(simulatorDelayMillis = 300, snapshotStore = "s3://clone-test/images")
class CloneIT {
    private static SandboxCluster sandbox;
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void aServerCreatedFromASnapshotIsRestoredBeforeItFirstStarts() {
        Caller user = Fixtures.caller("user-c1", "project-c1", "member");
        ServerData source = steps.active(user, "golden-source", Fixtures.IMAGE);
        String imageId = steps.snapshot(user, source.id(), "golden");
        assertEquals("s3://clone-test/images/" + imageId + ".tar.gz",
                compute.catalog().getImage(user, imageId).properties().get("vcluster_snapshot_url"));

        ServerData clone = compute.servers().createServer(again(user), Fixtures.create("golden-clone", Fixtures.FLAVOR, imageId, 1))
                .servers().get(0);
        ServerRecord r = steps.record(clone.id());
        String ns = r.getSpec().getHostNamespace();
        // the clone's control plane is installed paused for the restore, and vcluster restores with --new-vcluster
        Pod restorePod = awaitValue("restore pod", () -> client.pods().inNamespace(ns)
                .withLabel("app", "vcluster-snapshot").list().getItems().stream().findFirst().orElse(null));
        assertEquals(List.of("/vcluster", "restore", "--new-vcluster"),
                restorePod.getSpec().getContainers().getFirst().getCommand());
        StatefulSet during = client.apps().statefulSets().inNamespace(ns).withName(r.getSpec().getRelease()).get();
        assertEquals("true", during.getMetadata().getAnnotations().get("loft.sh/restoring"));
        assertNotNull(client.persistentVolumeClaims().inNamespace(ns).withName("data-" + r.getSpec().getRelease() + "-0")
                .get());
        assertEquals("building", compute.servers().getServer(user, clone.id()).vmState());

        steps.awaitIdle(user, clone.id(), "active");
        ServerData done = compute.servers().getServer(user, clone.id());
        assertEquals(imageId, done.imageId());
        StatefulSet after = client.apps().statefulSets().inNamespace(ns).withName(r.getSpec().getRelease()).get();
        assertFalse(after.getMetadata().getAnnotations().containsKey("loft.sh/restoring"));
        assertFalse(after.getMetadata().getAnnotations().containsKey("loft.sh/paused"));
        assertEquals(1, after.getSpec().getReplicas());
        await("restore pod deleted", () -> client.pods().inNamespace(ns).withLabel("app", "vcluster-snapshot")
                .list().getItems().isEmpty());
    }

    @Test
    void aCloneWhoseArchiveIsGoneEndsInErrorWithAFault() {
        Caller user = Fixtures.caller("user-c2", "project-c2", "member");
        ServerData source = steps.active(user, "lost-source", Fixtures.IMAGE);
        String imageId = steps.snapshot(user, source.id(), "golden");
        String url = compute.catalog().getImage(user, imageId).properties().get("vcluster_snapshot_url");
        sandbox.simulator().loseSnapshot(url);
        ServerData clone = compute.servers().createServer(again(user), Fixtures.create("lost-clone", Fixtures.FLAVOR, imageId, 1))
                .servers().get(0);
        await("error", () -> compute.servers().getServer(user, clone.id()).vmState().equals("error"));
        String fault = compute.servers().getServer(user, clone.id()).fault().orElseThrow().message();
        assertTrue(fault.startsWith("vcluster restore failed: snapshot " + url), fault);
        // the source is untouched
        assertEquals("active", compute.servers().getServer(user, source.id()).vmState());
    }
}

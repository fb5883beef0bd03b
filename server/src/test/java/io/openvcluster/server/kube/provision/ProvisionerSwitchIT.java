package io.openvcluster.server.kube.provision;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.testing.ServerSteps;
import io.openvcluster.translator.VclusterNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A facade restarted with the other {@code OVC_PROVISIONER} on the same cluster (the sandbox outlives both): a
 * Helm facade adopts the manifest provisioner's vclusters into releases; a manifest facade refuses to change a Helm
 * release and says what to do. The Helm side is {@link SandboxHelm}, which refuses unmarked objects as Helm does.
 */
class ProvisionerSwitchIT {
    @RegisterExtension
    final HelmSandbox host = new HelmSandbox();

    @Test
    void aHelmFacadeAdoptsTheManifestProvisionersVclusterAndResizesItWithHelm() {
        String id;
        String uid;
        try (Backend manifest = host.manifestFacade()) {
            ServerSteps steps = new ServerSteps(manifest.domain(), host.client());
            id = steps.active(ALICE, "switched").id();
            uid = steps.statefulSet(id).getMetadata().getUid();
        }
        VclusterNames names = names(id);
        try (Backend facade = host.helmFacade()) {
            ServerSteps steps = new ServerSteps(facade.domain(), host.client());
            await("adopted into a release", () -> host.helm().revisions(names.release()) == 1
                    && steps.statefulSet(id).getMetadata().getAnnotations().containsKey(HelmValues.RELEASE_DIGEST));
            StatefulSet adopted = steps.statefulSet(id);
            assertEquals(uid, adopted.getMetadata().getUid(), "the same vcluster, not a new one");
            assertTrue(HelmAdoption.marked(adopted, names));
            steps.awaitIdle(ALICE, id, "active");

            facade.domain().servers().performAction(again(ALICE), id, new ServerAction.Resize("2"));
            steps.awaitIdle(ALICE, id, "resized");
            assertEquals(2, host.helm().revisions(names.release()), "the resize is a helm upgrade");
            assertEquals(2, facade.domain().servers().getServer(ALICE, id).flavor().vcpus());
            assertEquals(0, host.helm().failedUpgrades(names.release()));
        }
    }

    @Test
    void aManifestFacadeRefusesToChangeAHelmReleaseAndTheServerCanStillBeDeleted() {
        String id;
        try (Backend facade = host.helmFacade()) {
            id = new ServerSteps(facade.domain(), host.client()).active(ALICE, "released").id();
        }
        try (Backend manifest = host.manifestFacade()) {
            ServerSteps steps = new ServerSteps(manifest.domain(), host.client());
            assertEquals("active", manifest.domain().servers().getServer(ALICE, id).vmState(), "left alone while unchanged");
            manifest.domain().servers().performAction(again(ALICE), id, new ServerAction.Resize("2"));
            steps.awaitIdle(ALICE, id, "error");
            ServerData failed = manifest.domain().servers().getServer(ALICE, id);
            String message = failed.fault().orElseThrow().message();
            assertTrue(message.contains("Helm release") && message.contains("OVC_PROVISIONER=helm"), message);
            assertEquals("Error", steps.record(id).getStatus().getActions().get(0).result(), "the resize ended");
            assertFalse(steps.statefulSet(id).getMetadata().getAnnotations().isEmpty());
            assertEquals(1, host.helm().revisions(names(id).release()), "the release's objects were not rewritten");

            manifest.domain().servers().deleteServer(again(ALICE), id);
            await("deleted", () -> steps.record(id) == null);
        }
    }

    private VclusterNames names(String id) {
        ServerSpec spec = ServerSteps.record(host.client(), id).getSpec();
        return new VclusterNames(id, spec.getRelease(), spec.getHostNamespace());
    }
}

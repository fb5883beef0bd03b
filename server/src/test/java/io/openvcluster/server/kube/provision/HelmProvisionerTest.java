package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.progress.PowerOperations;
import io.openvcluster.server.kube.progress.ResizeProgress;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.HostResources;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Helm provisioner's command sequence, through a recording {@link HelmClient} (no cluster, no native Helm). */
class HelmProvisionerTest {
    private static final String SERVER = "6f1c1e0a-1111-4222-8333-444455556666";
    private static final VclusterNames NAMES = new VclusterNames(SERVER, "web-6f1c1e0a", "vcluster-web-6f1c1e0a");
    private static final FlavorSnapshot SMALL = new FlavorSnapshot("1", "m1.small", 1, 2048, 20, 0, 0, Map.of());
    private static final FlavorSnapshot LARGE = new FlavorSnapshot("3", "m1.large", 4, 8192, 80, 0, 0, Map.of());
    private static final ImageSnapshot IMAGE = new ImageSnapshot("0.36.1", "1.33.4", "k8s");
    private static final ChartSource REPOSITORY = ChartSource.parse("https://charts.example.org", Optional.empty());

    private final RecordingHelmClient helm = new RecordingHelmClient();
    private final Map<String, Map<String, Object>> overlays = new HashMap<>();
    private final Set<String> controlPlanes = new java.util.HashSet<>();
    private final List<String> adopted = new java.util.ArrayList<>();

    private HelmProvisioner provisioner(ChartSource chart) {
        return new HelmProvisioner(helm, chart, id -> overlays.getOrDefault(id, Map.of()),
                names -> controlPlanes.contains(names.release()), "sha256:archive",
                desired -> adopted.add(desired.names().release()));
    }

    @Test
    void createInstallsTheImagesChartVersionOnceAndASteadyVclusterCostsNoHelmCall() {
        HelmProvisioner provisioner = provisioner(REPOSITORY);
        provisioner.ensure(desired(record(SMALL, Optional.empty()), HostObservation.absent()));
        assertEquals(List.of("upgrade --install web-6f1c1e0a -n vcluster-web-6f1c1e0a https://charts.example.org"
                + " --version 0.36.1"), helm.commands);
        assertEquals("v1.33.4", path(helm.lastValues(), "controlPlane", "distro", "k8s").get("version"));
        assertEquals(quotaCpu(SMALL), path(helm.lastValues(), "policies", "resourceQuota", "quota").get("requests.cpu"));

        provisioner.ensure(desired(record(SMALL, Optional.empty()), host(Map.of())));
        provisioner.ensure(desired(record(SMALL, Optional.empty()), host(Map.of())));
        assertEquals(1, helm.commands.size(), "the live StatefulSet carries the desired release: " + helm.commands);
    }

    @Test
    void resizeUpgradesAndRevertInstallsThePreviousRevisionsValuesAgain() {
        HelmProvisioner provisioner = provisioner(REPOSITORY);
        provisioner.ensure(desired(record(SMALL, Optional.empty()), HostObservation.absent()));
        String small = helm.revisions.getLast();
        provisioner.ensure(desired(record(LARGE, Optional.of(action(ResizeProgress.RESIZE))), host(Map.of())));
        assertEquals(2, helm.revisions.size());
        assertEquals(quotaCpu(LARGE), path(helm.lastValues(), "policies", "resourceQuota", "quota")
                .get("requests.cpu"));
        assertFalse(helm.commands.stream().anyMatch(c -> c.startsWith("history")), "a resize is a plain upgrade");

        provisioner.ensure(desired(record(SMALL, Optional.of(action(ResizeProgress.REVERT))), host(Map.of())));
        assertEquals(List.of("history web-6f1c1e0a", "get values web-6f1c1e0a --revision 1"),
                helm.commands.subList(2, 4));
        assertEquals(3, helm.revisions.size(), "a rollback is a new revision");
        assertEquals(HelmValues.parse(small), helm.lastValues(), "revision 3 carries revision 1's values");
        assertEquals("Rollback to 1 (open-vcluster-api revert resize)", helm.descriptions.getLast());
    }

    @Test
    void anUpgradeOfAPausedVclusterRendersItPausedAndThePauseIsInNeitherDigest() {
        HelmProvisioner provisioner = provisioner(REPOSITORY);
        provisioner.ensure(desired(record(SMALL, Optional.empty()), HostObservation.absent()));
        Map<String, String> running = helm.statefulSetAnnotations();
        Map<String, String> paused = Map.of(PowerOperations.PAUSED, "true", PowerOperations.PAUSED_REPLICAS, "1",
                PowerOperations.PAUSED_DATE, "2026-11-26T03:00:00.000Z");
        provisioner.ensure(desired(record(LARGE, Optional.of(action(ResizeProgress.RESIZE))), host(paused)));
        Map<String, Object> values = helm.lastValues();
        assertEquals(0, path(values, "controlPlane", "statefulSet", "highAvailability").get("replicas"));
        assertEquals("true", helm.statefulSetAnnotations().get(PowerOperations.PAUSED));
        assertEquals("1", helm.statefulSetAnnotations().get(PowerOperations.PAUSED_REPLICAS));

        // the same flavor again while paused: the pause alone is no reason to upgrade
        provisioner.ensure(desired(record(LARGE, Optional.empty()), host(paused)));
        assertEquals(2, helm.revisions.size());
        assertEquals(provisioner.release(desired(record(LARGE, Optional.empty()), HostObservation.absent()))
                .releaseDigest(), helm.statefulSetAnnotations().get(HelmValues.RELEASE_DIGEST));
        assertNotEquals(running.get(HelmValues.RELEASE_DIGEST), helm.statefulSetAnnotations()
                .get(HelmValues.RELEASE_DIGEST));

        // resumed (by the power operations) and upgraded: the chart's replicas again, no pause annotations
        provisioner.ensure(desired(record(SMALL, Optional.of(action(ResizeProgress.RESIZE))), host(Map.of())));
        assertFalse(path(helm.lastValues(), "controlPlane", "statefulSet").containsKey("highAvailability"));
        assertFalse(helm.statefulSetAnnotations().containsKey(PowerOperations.PAUSED));
    }

    @Test
    void theImagesOverlayIsMergedUnderTheFacadesValuesAndChangesOnlyTheReleaseDigest() {
        HelmProvisioner provisioner = provisioner(REPOSITORY);
        DesiredVcluster desired = desired(record(SMALL, Optional.empty()), HostObservation.absent());
        HelmProvisioner.Release plain = provisioner.release(desired);
        overlays.put("img-1", HelmValues.parse("""
                controlPlane:
                  statefulSet:
                    scheduling:
                      nodeSelector: {pool: vclusters}
                policies:
                  resourceQuota:
                    quota: {requests.cpu: "999"}
                """));
        HelmProvisioner.Release overlaid = provisioner.release(desired);
        assertEquals(Map.of("pool", "vclusters"),
                path(overlaid.values(), "controlPlane", "statefulSet", "scheduling").get("nodeSelector"));
        assertEquals(quotaCpu(SMALL), path(overlaid.values(), "policies", "resourceQuota", "quota").get("requests.cpu"),
                "the flavor's quota wins over the overlay");
        assertNotEquals(plain.releaseDigest(), overlaid.releaseDigest());
        assertEquals(plain.valuesDigest(), overlaid.valuesDigest());
        assertEquals(Optional.of(new VclusterProvisioner.RolloutMarker(HelmValues.VALUES_DIGEST,
                overlaid.valuesDigest())), provisioner.marker(desired));
        assertEquals(overlaid.valuesDigest(),
                path(overlaid.values(), "controlPlane", "statefulSet", "pods", "annotations")
                        .get(HelmValues.VALUES_DIGEST), "the marker reaches the pod template");
    }

    @Test
    void aPinnedChartVersionWinsOverTheImagesAndIsPartOfTheRelease() {
        ChartSource pinned = ChartSource.parse("oci://registry.example.org/charts/vcluster", Optional.of("0.37.0"));
        HelmProvisioner provisioner = provisioner(pinned);
        DesiredVcluster desired = desired(record(SMALL, Optional.empty()), HostObservation.absent());
        provisioner.ensure(desired);
        assertTrue(helm.commands.getFirst().endsWith("oci://registry.example.org/charts/vcluster --version 0.37.0"),
                helm.commands.getFirst());
        assertNotEquals(provisioner(REPOSITORY).release(desired).releaseDigest(),
                provisioner.release(desired).releaseDigest());
    }

    @Test
    void anArchiveIsInstalledWithoutAVersion() {
        provisioner(ChartSource.parse("/charts/vcluster-0.36.1.tgz", Optional.empty()))
                .ensure(desired(record(SMALL, Optional.empty()), HostObservation.absent()));
        assertEquals(List.of("upgrade --install web-6f1c1e0a -n vcluster-web-6f1c1e0a /charts/vcluster-0.36.1.tgz"),
                helm.commands);
    }

    @Test
    void aVclusterWithoutOurDigestAndNoReleaseIsAdoptedWhileOneWithAReleaseIsUpgraded() {
        HelmProvisioner provisioner = provisioner(REPOSITORY);
        HostObservation manifestMade = new HostObservation(true, Optional.of(new HostObservation.Workload(1, 1, 1,
                Map.of("vcluster.loft.sh/object-owner", "x"))), true, Optional.of("Running"));
        assertTrue(provisioner.takesOver(manifestMade));
        provisioner.ensure(desired(record(SMALL, Optional.empty()), manifestMade));
        assertEquals(List.of("web-6f1c1e0a"), adopted, "the objects are marked before the install");
        assertEquals(List.of("history web-6f1c1e0a", "upgrade --install web-6f1c1e0a -n vcluster-web-6f1c1e0a "
                + "https://charts.example.org --version 0.36.1"), helm.commands);
        assertTrue(helm.descriptions.getLast().startsWith("open-vcluster-api adoption"), helm.descriptions.getLast());
        assertFalse(provisioner.takesOver(host(Map.of())), "the release's StatefulSet carries our digest");

        // the informer still shows the StatefulSet from before the install: the last revision is the desired one
        provisioner.ensure(desired(record(SMALL, Optional.empty()), manifestMade));
        assertEquals(1, helm.revisions.size());

        // the release upgraded by someone else without our values: upgraded back, nothing to adopt
        helm.revisions.add("controlPlane: {statefulSet: {image: {tag: custom}}}");
        helm.descriptions.add("an operator's upgrade");
        provisioner.ensure(desired(record(SMALL, Optional.empty()), manifestMade));
        assertEquals(1, adopted.size());
        assertEquals(3, helm.revisions.size());
        assertTrue(helm.descriptions.getLast().startsWith("open-vcluster-api upgrade"), helm.descriptions.getLast());
    }

    @Test
    void deleteUninstallsWhileTheControlPlaneExistsAndNotAfter() {
        HelmProvisioner provisioner = provisioner(REPOSITORY);
        provisioner.ensure(desired(record(SMALL, Optional.empty()), HostObservation.absent()));
        controlPlanes.add(NAMES.release());
        provisioner.uninstall(NAMES);
        controlPlanes.clear();
        provisioner.uninstall(NAMES);
        assertEquals(List.of("uninstall web-6f1c1e0a"), helm.commands.subList(1, helm.commands.size()));
    }

    /** The host after the last revision: the StatefulSet's annotations, plus the power operations' ones. */
    private HostObservation host(Map<String, String> powerAnnotations) {
        Map<String, String> annotations = new HashMap<>(helm.statefulSetAnnotations());
        annotations.keySet().removeIf(k -> k.startsWith(HelmValues.PAUSE_PREFIX));
        annotations.putAll(powerAnnotations);
        return new HostObservation(true, Optional.of(new HostObservation.Workload(
                powerAnnotations.isEmpty() ? 1 : 0, 1, 1, annotations)), true, Optional.of("Running"));
    }

    private static DesiredVcluster desired(ServerRecord record, HostObservation observed) {
        return new DesiredVcluster(record, NAMES, FlavorSpec.of(Reconciler.flavorData(record.getSpec().getFlavor())),
                ImageSpec.k8s("img-1", IMAGE.chartVersion(), IMAGE.kubernetesVersion()), observed, List::of);
    }

    private static ServerRecord record(FlavorSnapshot flavor, Optional<ActionRequest> action) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(SERVER);
        record.getSpec().setFlavor(flavor);
        record.getSpec().setImageId("img-1");
        record.getSpec().setImage(IMAGE);
        record.getSpec().setRelease(NAMES.release());
        record.getSpec().setHostNamespace(NAMES.namespace());
        action.ifPresent(record.getSpec()::setAction);
        record.setStatus(new ServerStatus());
        return record;
    }

    private static ActionRequest action(String name) {
        return new ActionRequest(name, "req-" + name, "user", "project", "2026-11-26T03:00:00Z", null, "active",
                "active", null);
    }

    /** The flavor's CPU quota (its vCPUs plus the control plane's overhead). */
    private static String quotaCpu(FlavorSnapshot flavor) {
        return HostResources.quota(FlavorSpec.of(Reconciler.flavorData(flavor))).get("requests.cpu");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> values, String... keys) {
        Map<String, Object> current = values;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }
}

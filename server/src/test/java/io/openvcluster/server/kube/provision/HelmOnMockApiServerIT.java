package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.progress.PowerOperations;
import io.openvcluster.server.kube.progress.ResizeProgress;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.HostResources;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterNames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real embedded Helm (helm-java) driven by the {@link HelmProvisioner} against fabric8's mock API server, with a
 * small stand-in of vcluster's chart (test resources, same value paths): install, resize of a paused vcluster, revert,
 * uninstall. The mock needs help to speak client-go's dialect ({@link DiscoveringCrudDispatcher}).
 */
class HelmOnMockApiServerIT {
    private static final VclusterNames NAMES = new VclusterNames("6f1c1e0a-1111-4222-8333-444455556666",
            "web-6f1c1e0a", "vcluster-web-6f1c1e0a");
    private static final FlavorSnapshot SMALL = new FlavorSnapshot("1", "m1.small", 1, 2048, 20, 0, 0, Map.of());
    private static final FlavorSnapshot LARGE = new FlavorSnapshot("3", "m1.large", 4, 8192, 80, 0, 0, Map.of());
    private static final Path CHART = Path.of("src", "test", "resources", "helm", "mini-vcluster");
    private static final ImageSpec IMAGE = ImageSpec.k8s("img-1", "0.36.1", "1.33.4");
    private static final Map<String, String> OWNER = Map.of(Records.LABEL_SERVER_ID, NAMES.serverId(),
            Records.LABEL_PROJECT_ID, "project-alpha");

    private KubernetesMockServer server;
    private KubernetesClient client;
    private HelmJavaClient helm;

    @BeforeEach
    void start() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new DiscoveringCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        String url = "http://127.0.0.1:" + server.getPort();
        client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl(url).withNamespace("default").build()).build();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMES.namespace()).endMetadata().build())
                .create();
        helm = new HelmJavaClient(Optional.of(kubeconfig(url)), Files.createTempDirectory("ovc-helm-test"), false);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void installResizeRevertAndUninstallARelease() {
        HelmProvisioner provisioner = new HelmProvisioner(helm, new ChartSource(ChartSource.Type.ARCHIVE,
                CHART.toAbsolutePath().toString(), Optional.empty()), id -> Map.of(),
                names -> true, "test-chart", new HelmAdoption(client)::stamp);
        provisioner.ensure(desired(SMALL, Optional.empty()));
        StatefulSet installed = statefulSet();
        assertEquals(quotaCpu(SMALL), quota().getSpec().getHard().get("requests.cpu").toString());
        assertEquals("ghcr.io/loft-sh/vcluster-oss:0.36.1",
                installed.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        String smallDigest = installed.getMetadata().getAnnotations().get(HelmValues.RELEASE_DIGEST);
        assertEquals(provisioner.marker(desired(SMALL, Optional.empty())).orElseThrow().value(),
                installed.getSpec().getTemplate().getMetadata().getAnnotations().get(HelmValues.VALUES_DIGEST));

        // stopped meanwhile, as vcluster pause does it: Helm's three-way merge must not start it again
        client.apps().statefulSets().inNamespace(NAMES.namespace()).withName(NAMES.statefulSet()).edit(sts -> {
            sts.getMetadata().getAnnotations().put(PowerOperations.PAUSED, "true");
            sts.getMetadata().getAnnotations().put(PowerOperations.PAUSED_REPLICAS, "1");
            sts.getSpec().setReplicas(0);
            return sts;
        });
        provisioner.ensure(desired(LARGE, Optional.of(ResizeProgress.RESIZE)));
        assertEquals(quotaCpu(LARGE), quota().getSpec().getHard().get("requests.cpu").toString());
        assertEquals(0, statefulSet().getSpec().getReplicas(), "the upgrade keeps the vcluster paused");
        assertEquals("true", statefulSet().getMetadata().getAnnotations().get(PowerOperations.PAUSED));
        assertEquals(2, helm.history(NAMES.release(), NAMES.namespace()).size());

        provisioner.ensure(desired(SMALL, Optional.of(ResizeProgress.REVERT)));
        List<HelmClient.Revision> history = helm.history(NAMES.release(), NAMES.namespace());
        assertEquals(3, history.size());
        assertTrue(history.get(2).description().startsWith("Rollback to 1"), history.get(2).description());
        assertEquals(quotaCpu(SMALL), quota().getSpec().getHard().get("requests.cpu").toString());
        assertEquals(smallDigest, statefulSet().getMetadata().getAnnotations().get(HelmValues.RELEASE_DIGEST));

        provisioner.uninstall(NAMES);
        assertNull(client.apps().statefulSets().inNamespace(NAMES.namespace()).withName(NAMES.statefulSet()).get());
        assertEquals(List.of(), helm.history(NAMES.release(), NAMES.namespace()));
    }

    /**
     * A facade switched from {@code manifest} to {@code helm}: the vcluster the manifest provisioner wrote has no
     * release; the Helm provisioner marks its objects, installs (Helm adopts them) and a resize is then an upgrade.
     */
    @Test
    void aVclusterOfTheManifestProvisionerIsAdoptedThenResizedWithHelm() {
        new ManifestProvisioner(client).ensure(VclusterManifests.render(NAMES, flavor(SMALL), IMAGE, OWNER));
        String uid = statefulSet().getMetadata().getUid();
        HelmProvisioner provisioner = new HelmProvisioner(helm, new ChartSource(ChartSource.Type.ARCHIVE,
                CHART.toAbsolutePath().toString(), Optional.empty()), id -> Map.of(),
                names -> true, "test-chart", new HelmAdoption(client)::stamp);
        DesiredVcluster found = desired(SMALL, Optional.empty());
        assertTrue(provisioner.takesOver(found.observed()));

        provisioner.ensure(found);
        List<HelmClient.Revision> adopted = helm.history(NAMES.release(), NAMES.namespace());
        assertEquals(1, adopted.size());
        assertEquals("deployed", adopted.get(0).status());
        StatefulSet installed = statefulSet();
        assertEquals(uid, installed.getMetadata().getUid(), "adopted, not replaced");
        assertTrue(HelmAdoption.marked(installed, NAMES));
        assertEquals(provisioner.release(found).releaseDigest(),
                installed.getMetadata().getAnnotations().get(HelmValues.RELEASE_DIGEST));
        assertEquals(OWNER.get(Records.LABEL_SERVER_ID), installed.getMetadata().getLabels()
                .get(Records.LABEL_SERVER_ID), "what the chart does not render is kept");
        assertTrue(HelmAdoption.marked(quota(), NAMES));
        assertFalse(provisioner.takesOver(desired(SMALL, Optional.empty()).observed()));

        provisioner.ensure(desired(LARGE, Optional.of(ResizeProgress.RESIZE)));
        List<HelmClient.Revision> resized = helm.history(NAMES.release(), NAMES.namespace());
        assertEquals(2, resized.size());
        assertEquals(quotaCpu(LARGE), quota().getSpec().getHard().get("requests.cpu").toString());
        assertEquals(uid, statefulSet().getMetadata().getUid());
    }

    /** Without the marks Helm refuses to install over the objects: a refusal, not worth retrying. */
    @Test
    void helmRefusesTheManifestProvisionersObjectsUnmarked() {
        new ManifestProvisioner(client).ensure(VclusterManifests.render(NAMES, flavor(SMALL), IMAGE, OWNER));
        HelmProvisioner provisioner = new HelmProvisioner(helm, new ChartSource(ChartSource.Type.ARCHIVE,
                CHART.toAbsolutePath().toString(), Optional.empty()), id -> Map.of(),
                names -> true, "test-chart", desired -> { });
        HelmClient.HelmException refused = assertThrows(HelmClient.HelmException.class,
                () -> provisioner.ensure(desired(SMALL, Optional.empty())));
        assertTrue(refused.getMessage().startsWith("cannot adopt the manifest provisioner's vcluster: "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("cannot be imported into the current release"), refused.getMessage());
        assertFalse(refused.transientFailure());
    }

    /** A kubeconfig for the mock API server (plain HTTP, any token). */
    static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: test, user: {token: test}}]
                contexts: [{name: mock, context: {cluster: mock, user: test}}]
                current-context: mock
                """.formatted(url);
    }

    private DesiredVcluster desired(FlavorSnapshot flavor, Optional<String> action) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(NAMES.serverId());
        record.getSpec().setFlavor(flavor);
        record.getSpec().setImage(new ImageSnapshot("0.36.1", "1.33.4", "k8s"));
        action.ifPresent(a -> record.getSpec().setAction(new ActionRequest(a, "req-" + a, "u", "p",
                "2026-11-26T03:00:00Z", null, "active", "active", null)));
        record.setStatus(new ServerStatus());
        StatefulSet live = client.apps().statefulSets().inNamespace(NAMES.namespace()).withName(NAMES.statefulSet())
                .get();
        HostObservation observed = live == null ? HostObservation.absent() : new HostObservation(true,
                Optional.of(new HostObservation.Workload(1, 1, 1, live.getMetadata().getAnnotations() == null
                        ? Map.of() : live.getMetadata().getAnnotations())), true, Optional.of("Running"));
        return new DesiredVcluster(record, NAMES, flavor(flavor), IMAGE, observed,
                () -> VclusterManifests.render(NAMES, flavor(flavor), IMAGE, OWNER));
    }

    private static FlavorSpec flavor(FlavorSnapshot flavor) {
        return FlavorSpec.of(Reconciler.flavorData(flavor));
    }

    private StatefulSet statefulSet() {
        return client.apps().statefulSets().inNamespace(NAMES.namespace()).withName(NAMES.statefulSet()).get();
    }

    private ResourceQuota quota() {
        return client.resourceQuotas().inNamespace(NAMES.namespace()).withName("vc-" + NAMES.release()).get();
    }

    private static String quotaCpu(FlavorSnapshot flavor) {
        return HostResources.quota(FlavorSpec.of(Reconciler.flavorData(flavor))).get("requests.cpu");
    }
}

package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterNames;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Both provisioners make the same vcluster: vcluster's real chart, installed by the embedded Helm into the mock API
 * server for a flavor and an image, against {@link VclusterManifests} for the same flavor and image — kinds and
 * names, the StatefulSet's images, resources and replicas, the ResourceQuota's and LimitRange's specs.
 *
 * <p>No chart is committed to this repository: the test runs when {@code -Dovc.vcluster-chart=<vcluster-x.y.z.tgz>}
 * (or {@code OVC_VCLUSTER_CHART}) names one, and is skipped with that message otherwise. The chart is installed, not
 * templated, because its {@code service.yaml} does a {@code lookup}, which {@code helm template} cannot do offline.
 */
class ChartEquivalenceTest {
    private static final VclusterNames NAMES = new VclusterNames("6f1c1e0a-1111-4222-8333-444455556666",
            "web-6f1c1e0a", "vcluster-web-6f1c1e0a");
    private static final FlavorSnapshot FLAVOR = new FlavorSnapshot("2", "m1.medium", 2, 4096, 40, 0, 0, Map.of());

    @Test
    void theChartAndTheManifestRendererMakeTheSameVcluster() throws Exception {
        Optional<Path> chart = Optional.ofNullable(System.getProperty("ovc.vcluster-chart"))
                .or(() -> Optional.ofNullable(System.getenv("OVC_VCLUSTER_CHART")))
                .filter(c -> c.endsWith(".tgz")).map(Path::of);
        assumeTrue(chart.isPresent(), "no vcluster chart to compare with: run with -Dovc.vcluster-chart=<path to "
                + "vcluster-<version>.tgz> (or OVC_VCLUSTER_CHART), e.g. from 'helm pull' of vcluster's chart");
        String chartVersion = chart.get().getFileName().toString().replaceAll("^vcluster-(.*)\\.tgz$", "$1");
        ImageSpec image = ImageSpec.k8s("img-1", chartVersion, "1.33.4");
        FlavorSpec flavor = FlavorSpec.of(Reconciler.flavorData(FLAVOR));
        List<HasMetadata> manifests = VclusterManifests.render(NAMES, flavor, image, Map.of());

        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new DiscoveringCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        String url = "http://127.0.0.1:" + server.getPort();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(url).withNamespace("default").build()).build()) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMES.namespace()).endMetadata()
                    .build()).create();
            HelmJavaClient helm = new HelmJavaClient(Optional.of(HelmOnMockApiServerTest.kubeconfig(url)),
                    Files.createTempDirectory("ovc-helm-chart"), false);
            new HelmProvisioner(helm, ChartSource.parse(chart.get().toString(), Optional.empty()), id -> Map.of(),
                    names -> true, "compared", new HelmAdoption(client)::stamp)
                    .ensure(desired(image, flavor, manifests));

            List<HasMetadata> installed = installed(client);
            assertEquals(kindsAndNames(manifests), kindsAndNames(installed));
            StatefulSet expected = one(manifests, StatefulSet.class);
            StatefulSet actual = one(installed, StatefulSet.class);
            assertEquals(images(expected), images(actual));
            assertEquals(amounts(syncer(expected).getResources().getLimits()),
                    amounts(syncer(actual).getResources().getLimits()));
            assertEquals(amounts(syncer(expected).getResources().getRequests()),
                    amounts(syncer(actual).getResources().getRequests()));
            assertEquals(expected.getSpec().getReplicas(), actual.getSpec().getReplicas());
            assertEquals(amounts(one(manifests, ResourceQuota.class).getSpec().getHard()),
                    amounts(one(installed, ResourceQuota.class).getSpec().getHard()));
            LimitRangeItem expectedLimits = one(manifests, LimitRange.class).getSpec().getLimits().get(0);
            LimitRangeItem actualLimits = one(installed, LimitRange.class).getSpec().getLimits().get(0);
            assertEquals(amounts(expectedLimits.getDefault()), amounts(actualLimits.getDefault()));
            assertEquals(amounts(expectedLimits.getDefaultRequest()), amounts(actualLimits.getDefaultRequest()));
        } finally {
            server.destroy();
        }
    }

    private static DesiredVcluster desired(ImageSpec image, FlavorSpec flavor, List<HasMetadata> manifests) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(NAMES.serverId());
        record.getSpec().setFlavor(FLAVOR);
        record.getSpec().setImage(new ImageSnapshot(image.chartVersion(), image.kubernetesVersion(), image.distro()));
        record.setStatus(new ServerStatus());
        return new DesiredVcluster(record, NAMES, flavor, image, HostObservation.absent(), () -> manifests);
    }

    /** The chart's objects in the namespace (Helm's own release Secrets left out). */
    private static List<HasMetadata> installed(KubernetesClient client) {
        String ns = NAMES.namespace();
        return Stream.of(client.serviceAccounts().inNamespace(ns).list().getItems(),
                        client.secrets().inNamespace(ns).list().getItems().stream()
                                .filter(s -> !"helm".equals(labels(s).get("owner"))).toList(),
                        client.rbac().roles().inNamespace(ns).list().getItems(),
                        client.rbac().roleBindings().inNamespace(ns).list().getItems(),
                        client.services().inNamespace(ns).list().getItems(),
                        client.apps().statefulSets().inNamespace(ns).list().getItems(),
                        client.resourceQuotas().inNamespace(ns).list().getItems(),
                        client.limitRanges().inNamespace(ns).list().getItems())
                .flatMap(List::stream).map(HasMetadata.class::cast).toList();
    }

    private static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }

    private static Set<String> kindsAndNames(List<HasMetadata> objects) {
        return objects.stream().map(o -> kind(o) + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String kind(HasMetadata object) {
        return Stream.of(ServiceAccount.class, Secret.class, Role.class, RoleBinding.class, Service.class,
                        StatefulSet.class, ResourceQuota.class, LimitRange.class)
                .filter(type -> type.isInstance(object)).findFirst().map(Class::getSimpleName)
                .orElse(object.getKind());
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " objects: " + found.size());
        return found.getFirst();
    }

    private static List<String> images(StatefulSet sts) {
        var pod = sts.getSpec().getTemplate().getSpec();
        return Stream.concat(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream(),
                pod.getContainers().stream()).map(c -> c.getName() + "=" + c.getImage()).sorted().toList();
    }

    private static Container syncer(StatefulSet sts) {
        return sts.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "syncer".equals(c.getName())).findFirst().orElseThrow();
    }

    /** Quantities as numbers ("1Gi" and "1024Mi" are the same amount). */
    private static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        Optional.ofNullable(quantities).orElse(Map.of()).forEach((key, quantity) ->
                amounts.put(key, quantity.getNumericalAmount().stripTrailingZeros()));
        return amounts;
    }
}

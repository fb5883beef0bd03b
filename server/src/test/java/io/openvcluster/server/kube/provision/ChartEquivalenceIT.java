package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.translator.DefaultCatalog;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterNames;
import io.openvcluster.translator.VclusterValues;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Both provisioners make the same vcluster: vcluster's real chart, installed by the embedded Helm into the mock API
 * server, against {@link VclusterManifests}, for every default flavor and every base image of the default catalog
 * ({@link DefaultCatalog}, what a fresh installation seeds). The same objects (kinds and names; none more on either
 * side), and each object the same field by field, but for what the chart does not render or differs on purpose
 * ({@link #comparable}). One comparison per flavor and image, each in a namespace of its own on one mock API server;
 * the count is printed at the end.
 *
 * <p>Which chart: {@code -Dovc.vcluster-chart=<vcluster-x.y.z.tgz>} (or {@code OVC_VCLUSTER_CHART}) names one, which
 * must exist; without a {@code .tgz} there, the vendored chart that {@code ovc.vendored-vcluster-chart} names
 * (server/pom.xml: {@code ../shared/vendor/vcluster-0.36.1.tgz} from the repository root), when that file exists;
 * with neither, the test is skipped and says so. The chart is installed, not templated, because its {@code
 * service.yaml} does a {@code lookup}, which {@code helm template} cannot do offline.
 */
class ChartEquivalenceIT {
    /** Set by the API server, not rendered. */
    private static final Set<String> ASSIGNED_METADATA = Set.of("uid", "resourceVersion", "creationTimestamp",
            "generation", "managedFields");
    /** A Kubernetes quantity: "1" and "1000m", "1Gi" and "1024Mi" are the same amount. */
    private static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([KMGTPE]i|[munkMGTPE]"
            + "|[eE][+-]?\\d+)?");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Optional<Path> chart;
    private static String skipped;
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static HelmJavaClient helm;
    private static final AtomicInteger compared = new AtomicInteger();
    private static final AtomicInteger same = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        chart = chart();
        if (chart.isEmpty()) {
            System.out.println("chart equivalence: skipped, " + skipped);
        }
        assumeTrue(chart.isPresent(), skipped);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new DiscoveringCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        String url = "http://127.0.0.1:" + server.getPort();
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(url).withNamespace("default").build()).build();
        helm = new HelmJavaClient(Optional.of(HelmOnMockApiServerIT.kubeconfig(url)),
                Files.createTempDirectory("ovc-helm-chart"), false);
    }

    @AfterAll
    static void stop() {
        if (server == null) {
            return;
        }
        System.out.printf("chart equivalence: %d flavor × image comparisons (%d flavors × %d images) against %s, %d "
                        + "the same%n", compared.get(), DefaultCatalog.flavors().size(),
                DefaultCatalog.images().size(), chart.orElseThrow(), same.get());
        client.close();
        server.destroy();
    }

    @TestFactory
    Stream<DynamicTest> theChartAndTheManifestRendererMakeTheSameVclusterForEveryDefaultFlavorAndImage() {
        return DefaultCatalog.flavors().stream().flatMap(flavor -> DefaultCatalog.images().stream().map(image ->
                DynamicTest.dynamicTest(flavor.name() + " × " + image.name(), () -> compare(flavor, image))));
    }

    /**
     * The chart to compare with: the one named, which must exist, else the vendored one if it is there; empty (and
     * {@link #skipped} saying why) otherwise.
     */
    private static Optional<Path> chart() {
        // a chart repository or oci:// reference (what OVC_VCLUSTER_CHART may hold for the facade) is not an archive
        Optional<Path> named = Optional.ofNullable(System.getProperty("ovc.vcluster-chart"))
                .or(() -> Optional.ofNullable(System.getenv("OVC_VCLUSTER_CHART")))
                .filter(c -> c.endsWith(".tgz")).map(Path::of);
        if (named.isPresent()) {
            assertTrue(Files.isRegularFile(named.get()), "the vcluster chart named by -Dovc.vcluster-chart (or "
                    + "OVC_VCLUSTER_CHART) is not there: " + named.get().toAbsolutePath());
            return named;
        }
        Optional<Path> vendored = Optional.ofNullable(System.getProperty("ovc.vendored-vcluster-chart"))
                .filter(c -> !c.isBlank()).map(c -> Path.of(c).normalize());
        if (vendored.isPresent() && Files.isRegularFile(vendored.get())) {
            return vendored;
        }
        skipped = "no vcluster chart to compare with: " + vendored.map(v -> "the vendored chart " + v + " is absent")
                .orElse("no vendored chart named (ovc.vendored-vcluster-chart)") + ", and none given: run with "
                + "-Dovc.vcluster-chart=<path to vcluster-<version>.tgz> (or OVC_VCLUSTER_CHART), e.g. from 'helm "
                + "pull' of vcluster's chart";
        return Optional.empty();
    }

    private static void compare(FlavorData defaultFlavor, DefaultCatalog.BaseImage baseImage) throws Exception {
        compared.incrementAndGet();
        // the image on the chart compared with (the catalog's own chart version for the vendored chart)
        String chartVersion = chart.orElseThrow().getFileName().toString().replaceAll("^vcluster-(.*)\\.tgz$", "$1");
        ImageSpec image = ImageSpec.k8s(baseImage.id(), chartVersion, baseImage.spec().kubernetesVersion());
        FlavorSnapshot snapshot = new FlavorSnapshot(defaultFlavor.id(), defaultFlavor.name(), defaultFlavor.vcpus(),
                defaultFlavor.ramMb(), defaultFlavor.diskGb(), defaultFlavor.ephemeralGb(), defaultFlavor.swapMb(),
                defaultFlavor.extraSpecs());
        // as the reconciler renders a server's record
        FlavorSpec flavor = FlavorSpec.of(Reconciler.flavorData(snapshot));
        VclusterNames names = VclusterNames.forServer(UUID.nameUUIDFromBytes(
                (defaultFlavor.id() + "/" + baseImage.id()).getBytes(StandardCharsets.UTF_8)).toString(), "web");
        List<HasMetadata> manifests = VclusterManifests.render(names, flavor, image, Map.of());

        client.resource(new NamespaceBuilder().withNewMetadata().withName(names.namespace()).endMetadata().build())
                .create();
        new HelmProvisioner(helm, ChartSource.parse(chart.orElseThrow().toString(), Optional.empty()),
                id -> Map.of(), n -> true, "compared", new HelmAdoption(client)::stamp)
                .ensure(desired(names, snapshot, image, flavor, manifests));
        List<HasMetadata> installed = installed(names);

        assertEquals(kindsAndNames(manifests), kindsAndNames(installed));
        Map<String, HasMetadata> chartObjects = installed.stream()
                .collect(Collectors.toMap(ChartEquivalenceIT::kindAndName, Function.identity()));
        List<String> differences = new ArrayList<>();
        for (HasMetadata ours : manifests) {
            String key = kindAndName(ours);
            differences(key, comparable(ours), comparable(chartObjects.get(key)), differences);
        }
        assertEquals(List.of(), differences, "the chart's objects differ from VclusterManifests' for flavor "
                + defaultFlavor.name() + " and image " + baseImage.name());

        // the config Secret: ours holds our values, the chart's the fully merged values, which hold ours
        Map<String, Object> values = VclusterValues.values(names, flavor, image);
        assertEquals(VclusterValues.configYaml(values), config(manifests, names));
        Map<?, ?> merged = YAML.readValue(config(installed, names), Map.class);
        List<String> missing = new ArrayList<>();
        contained("", values, merged, missing);
        assertEquals(List.of(), missing, "values of ours the chart's config does not hold");
        same.incrementAndGet();
    }

    private static DesiredVcluster desired(VclusterNames names, FlavorSnapshot snapshot, ImageSpec image,
                                           FlavorSpec flavor, List<HasMetadata> manifests) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(names.serverId());
        record.getSpec().setFlavor(snapshot);
        record.getSpec().setImage(new ImageSnapshot(image.chartVersion(), image.kubernetesVersion(), image.distro()));
        record.setStatus(new ServerStatus());
        return new DesiredVcluster(record, names, flavor, image, HostObservation.absent(), () -> manifests);
    }

    /**
     * The chart's objects: every object of the kinds it can render in the namespace (Helm's own release Secrets left
     * out), and the cluster-wide ones of the release.
     */
    private static List<HasMetadata> installed(VclusterNames names) {
        String ns = names.namespace();
        Map<String, String> release = Map.of("release", names.release());
        return Stream.of(client.serviceAccounts().inNamespace(ns).list().getItems(),
                        client.secrets().inNamespace(ns).list().getItems().stream()
                                .filter(s -> !"helm".equals(labels(s).get("owner"))).toList(),
                        client.configMaps().inNamespace(ns).list().getItems(),
                        client.rbac().roles().inNamespace(ns).list().getItems(),
                        client.rbac().roleBindings().inNamespace(ns).list().getItems(),
                        client.services().inNamespace(ns).list().getItems(),
                        client.apps().statefulSets().inNamespace(ns).list().getItems(),
                        client.apps().deployments().inNamespace(ns).list().getItems(),
                        client.resourceQuotas().inNamespace(ns).list().getItems(),
                        client.limitRanges().inNamespace(ns).list().getItems(),
                        client.network().v1().networkPolicies().inNamespace(ns).list().getItems(),
                        client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems(),
                        client.rbac().clusterRoles().withLabels(release).list().getItems(),
                        client.rbac().clusterRoleBindings().withLabels(release).list().getItems())
                .flatMap(List::stream).map(HasMetadata.class::cast).toList();
    }

    /**
     * An object as a tree of maps and lists, without what the chart does not render or differs on purpose:
     * <ul>
     * <li>what the API server sets: {@link #ASSIGNED_METADATA}, {@code status};</li>
     * <li>what Helm adds to every object it installs: annotations {@code meta.helm.sh/release-name} and
     * {@code -namespace}, label {@code app.kubernetes.io/managed-by: Helm};</li>
     * <li>the Helm provisioner's marks: annotations {@code openvcluster.io/...} (release digest on the objects,
     * values digest on the pod template; docs/helm-provisioner.md);</li>
     * <li>the config Secret's {@code config.yaml}: ours holds our values, Helm's the fully merged values, the syncer
     * filling in the defaults itself (docs/translation.md); {@link #compare} checks the merged values hold ours. With
     * it, the pod template's {@code vClusterConfigHash}, the hash of that text;</li>
     * <li>a Service port's {@code nodePort: 0}: the chart writes it for a ClusterIP Service, where an API server
     * takes 0 as unset, which is how we render it.</li>
     * </ul>
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparable(HasMetadata object) {
        Map<String, Object> tree = client.getKubernetesSerialization().convertValue(object, Map.class);
        tree.remove("status");
        Map<String, Object> metadata = (Map<String, Object>) tree.get("metadata");
        ASSIGNED_METADATA.forEach(metadata::remove);
        withoutMarks(metadata);
        if (object instanceof Secret) {
            Optional.ofNullable((Map<String, Object>) tree.get("data"))
                    .ifPresent(data -> data.remove(VclusterManifests.CONFIG_KEY));
        }
        if (object instanceof StatefulSet) {
            Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) tree.get("spec"))
                    .get("template");
            Map<String, Object> podMetadata = (Map<String, Object>) template.get("metadata");
            withoutMarks(podMetadata);
            Optional.ofNullable((Map<String, Object>) podMetadata.get("annotations"))
                    .ifPresent(a -> a.remove(VclusterManifests.CONFIG_HASH_ANNOTATION));
        }
        if (object instanceof Service) {
            Optional.ofNullable((List<Map<String, Object>>) ((Map<String, Object>) tree.get("spec")).get("ports"))
                    .ifPresent(ports -> ports.forEach(port -> port.remove("nodePort", 0)));
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    private static void withoutMarks(Map<String, Object> metadata) {
        Optional.ofNullable((Map<String, Object>) metadata.get("annotations")).ifPresent(annotations -> annotations
                .keySet().removeIf(k -> k.startsWith("meta.helm.sh/") || k.startsWith("openvcluster.io/")));
        Optional.ofNullable((Map<String, Object>) metadata.get("labels"))
                .ifPresent(labels -> labels.remove("app.kubernetes.io/managed-by", "Helm"));
    }

    /** Each field where the two trees differ, as {@code path: ours ..., the chart's ...}. */
    private static void differences(String path, Object ours, Object chart, List<String> out) {
        if (empty(ours) && empty(chart)) {
            return;
        }
        if (ours instanceof Map<?, ?> a && chart instanceof Map<?, ?> b) {
            Set<String> keys = new TreeSet<>();
            Stream.of(a, b).forEach(m -> m.keySet().forEach(k -> keys.add(String.valueOf(k))));
            keys.forEach(k -> differences(path + "." + k, a.get(k), b.get(k), out));
        } else if (ours instanceof List<?> a && chart instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!sameValue(ours, chart)) {
            out.add(path + ": ours " + ours + ", the chart's " + chart);
        }
    }

    /** Where one of our values is not in the chart's merged config (a null of ours: the key is deleted there). */
    private static void contained(String path, Object ours, Object merged, List<String> out) {
        if (ours instanceof Map<?, ?> a) {
            Map<?, ?> b = merged instanceof Map<?, ?> m ? m : Map.of();
            a.forEach((k, v) -> contained(path + "." + k, v, b.get(k), out));
        } else if (ours == null ? merged != null : !sameValue(String.valueOf(ours), String.valueOf(merged))) {
            out.add(path + ": ours " + ours + ", the chart's " + merged);
        }
    }

    private static boolean empty(Object value) {
        return value == null || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof Collection<?> c && c.isEmpty();
    }

    private static boolean sameValue(Object ours, Object chart) {
        if (Objects.equals(ours, chart)) {
            return true;
        }
        return ours instanceof String a && chart instanceof String b && QUANTITY.matcher(a).matches()
                && QUANTITY.matcher(b).matches()
                && new Quantity(a).getNumericalAmount().compareTo(new Quantity(b).getNumericalAmount()) == 0;
    }

    private static String config(List<HasMetadata> objects, VclusterNames names) {
        Secret secret = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(s -> s.getMetadata().getName().equals(names.configSecret())).findFirst().orElseThrow();
        return new String(Base64.getDecoder().decode(secret.getData().get(VclusterManifests.CONFIG_KEY)),
                StandardCharsets.UTF_8);
    }

    private static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }

    private static Set<String> kindsAndNames(List<HasMetadata> objects) {
        return objects.stream().map(ChartEquivalenceIT::kindAndName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String kindAndName(HasMetadata object) {
        return kind(object) + "/" + object.getMetadata().getName();
    }

    private static String kind(HasMetadata object) {
        return Stream.of(ServiceAccount.class, Secret.class, ConfigMap.class, Role.class, RoleBinding.class,
                        Service.class, StatefulSet.class, Deployment.class, ResourceQuota.class, LimitRange.class,
                        NetworkPolicy.class, PodDisruptionBudget.class, ClusterRole.class, ClusterRoleBinding.class)
                .filter(type -> type.isInstance(object)).findFirst().map(Class::getSimpleName)
                .orElse(object.getKind());
    }
}

package io.openvcluster.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The facade's chart, rendered with {@code helm template} (helm-java): objects, values wiring, safety. */
class ChartTest {
    private static final Path CHART_CRDS = RenderedChart.CHART.resolve("crds");
    private static final Path GENERATED_CRDS = Path.of("crds");

    @Test
    void everyObjectIsRendered() {
        RenderedChart chart = RenderedChart.withDefaults();
        Set<String> objects = chart.objects().stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of(
                "ClusterRole/ovc-open-vcluster-api-host", "ClusterRole/ovc-open-vcluster-api-vcluster-grants",
                "ClusterRoleBinding/ovc-open-vcluster-api-host",
                "ClusterRoleBinding/ovc-open-vcluster-api-vcluster-grants",
                "Deployment/ovc-open-vcluster-api", "PodDisruptionBudget/ovc-open-vcluster-api",
                "Role/ovc-open-vcluster-api", "RoleBinding/ovc-open-vcluster-api",
                "Secret/ovc-open-vcluster-api-token-key", "Service/ovc-open-vcluster-api",
                "ServiceAccount/ovc-open-vcluster-api")), objects);
        for (HasMetadata object : chart.objects()) {
            boolean clusterScoped = object instanceof ClusterRole || object instanceof ClusterRoleBinding
                    || object instanceof CustomResourceDefinition;
            assertEquals(clusterScoped ? null : RenderedChart.NAMESPACE, object.getMetadata().getNamespace(),
                    object.getKind() + " " + object.getMetadata().getName());
        }
    }

    @Test
    void defaultsRunTwoReplicasWithLeaderElectionAndAKeycloakSecret() {
        RenderedChart chart = RenderedChart.withDefaults();
        Deployment deployment = chart.one(Deployment.class);
        assertEquals(2, deployment.getSpec().getReplicas());
        Map<String, EnvVar> env = env(container(deployment));
        assertEquals("true", env.get("OVC_LEADER_ELECTION").getValue());
        assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertEquals(RenderedChart.NAMESPACE, env.get("OVC_NAMESPACE").getValue());
        assertEquals("false", env.get("OVC_INSTALL_CRDS").getValue(), "the chart installs the CRDs");
        assertEquals("true", env.get("OVC_SEED_CATALOG").getValue());
        assertEquals("0.0.0.0", env.get("SERVER_HOST").getValue());
        assertEquals("https://sso.example.org", env.get("OVC_KEYCLOAK_URL").getValue());
        assertEquals("open-vcluster-api-keycloak",
                env.get("OVC_KEYCLOAK_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName());
        assertFalse(env.containsKey("OVC_SANDBOX_PASSWORD"), "sandbox users must be off with Keycloak");
        assertEquals("open-vcluster-api:0.1.0", container(deployment).getImage());
        assertEquals(1, chart.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal());
        assertEquals(8774, chart.one(Service.class).getSpec().getPorts().get(0).getPort());
        assertEquals(chart.one(ServiceAccount.class).getMetadata().getName(), pod(deployment).getServiceAccountName());
    }

    @Test
    void valuesAreWiredThrough() {
        Map<String, Object> values = new HashMap<>(RenderedChart.REQUIRED);
        values.putAll(Map.of("replicaCount", "3", "image.repository", "registry.invalid/ovc", "image.tag", "1.2.3",
                "keycloak.clientSecret.secretName", "kc-client", "keycloak.clientSecret.key", "secret",
                "keycloak.realm", "cloud", "tokenKey.existingSecret", "shared-key", "catalog.seedDefaults", "false",
                "leaderElection.leaseSeconds", "30", "instanceQuota", "25"));
        values.putAll(Map.of("snapshotStore.url", "s3://snapshots/ovc", "snapshotStore.credentialsSecret",
                "snapshot-credentials"));
        RenderedChart chart = RenderedChart.render(values);
        Deployment deployment = chart.one(Deployment.class);
        Container facade = container(deployment);
        Map<String, EnvVar> env = env(facade);
        assertEquals(3, deployment.getSpec().getReplicas());
        assertEquals("registry.invalid/ovc:1.2.3", facade.getImage());
        assertEquals("kc-client", env.get("OVC_KEYCLOAK_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName());
        assertEquals("secret", env.get("OVC_KEYCLOAK_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getKey());
        assertEquals("cloud", env.get("OVC_KEYCLOAK_REALM").getValue());
        assertEquals("false", env.get("OVC_SEED_CATALOG").getValue());
        assertEquals("30", env.get("OVC_LEADER_LEASE_SECONDS").getValue());
        assertEquals("25", env.get("OVC_INSTANCE_QUOTA").getValue());
        assertEquals("s3://snapshots/ovc", env.get("OVC_SNAPSHOT_STORE").getValue());
        assertEquals("snapshot-credentials", env.get("OVC_SNAPSHOT_CREDENTIALS").getValue());
        // an existing token key: mounted, and no generated one
        assertTrue(chart.all(Secret.class).isEmpty(), "no Secret is generated when tokenKey.existingSecret is set");
        assertEquals("shared-key", volume(deployment, "token-key").getSecret().getSecretName());
        assertEquals("/etc/open-vcluster-api/token-key/token-key", env.get("OVC_TOKEN_KEY_FILE").getValue());
    }

    @Test
    void aGeneratedTokenKeyIsMountedAndLongEnough() {
        RenderedChart chart = RenderedChart.withDefaults();
        Secret key = chart.one(Secret.class);
        assertEquals(key.getMetadata().getName(),
                volume(chart.one(Deployment.class), "token-key").getSecret().getSecretName());
        assertTrue(java.util.Base64.getDecoder().decode(key.getData().get("token-key")).length >= 32);
        assertTrue(chart.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations()
                .containsKey("checksum/token-key"), "a new generated key must roll the pods");
    }

    @Test
    void podIsLockedDownAndProbedOnTheHealthEndpoints() {
        Deployment deployment = RenderedChart.withDefaults().one(Deployment.class);
        PodSpec pod = pod(deployment);
        Container facade = container(deployment);
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertTrue(facade.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(facade.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), facade.getSecurityContext().getCapabilities().getDrop());
        assertTrue(volume(deployment, "tmp").getEmptyDir() != null, "a writable /tmp");
        assertTrue(facade.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")));
        assertEquals("/observe/health/started", facade.getStartupProbe().getHttpGet().getPath());
        assertEquals("/observe/health/live", facade.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/observe/health/ready", facade.getReadinessProbe().getHttpGet().getPath());
        assertEquals("250m", facade.getResources().getRequests().get("cpu").toString());
        assertTrue(facade.getResources().getLimits().containsKey("memory"));
    }

    @Test
    void unsafeValuesAreRefused() {
        IllegalStateException noIdentity = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render(Map.of()));
        assertTrue(noIdentity.getMessage().contains("keycloak.url is required"), noIdentity.getMessage());

        Map<String, Object> twoLeaders = new HashMap<>(RenderedChart.REQUIRED);
        twoLeaders.put("leaderElection.enabled", "false");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RenderedChart.render(twoLeaders));
        assertTrue(e.getMessage().contains("only one may reconcile"), e.getMessage());
    }

    @Test
    void sandboxUsersNeedTheirPasswordFromASecret() {
        RenderedChart chart = RenderedChart.render(Map.of("sandboxUsers.enabled", "true",
                "sandboxUsers.passwordSecret", "trial-password", "replicaCount", "1",
                "leaderElection.enabled", "false"));
        Map<String, EnvVar> env = env(container(chart.one(Deployment.class)));
        assertEquals("trial-password", env.get("OVC_SANDBOX_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        assertFalse(env.containsKey("OVC_KEYCLOAK_URL"));
        assertTrue(chart.all(PodDisruptionBudget.class).isEmpty(), "no PDB for a single replica");
    }

    @Test
    void crdRightsOnlyWhenTheFacadeInstallsThem() {
        Map<String, Object> values = new HashMap<>(RenderedChart.REQUIRED);
        values.put("crds.facadeInstallsCrds", "true");
        RenderedChart chart = RenderedChart.render(values);
        ChartRbac rbac = ChartRbac.of(chart, pod(chart.one(Deployment.class)).getServiceAccountName());
        assertTrue(rbac.clusterWide().contains(new Grant("apiextensions.k8s.io", "customresourcedefinitions", "create")));
        assertEquals("true", env(container(chart.one(Deployment.class))).get("OVC_INSTALL_CRDS").getValue());
    }

    @Test
    void theManifestProvisionerIsTheDefaultAndGetsNoHelmRights() {
        RenderedChart chart = RenderedChart.withDefaults();
        Map<String, EnvVar> env = env(container(chart.one(Deployment.class)));
        assertEquals("manifest", env.get("OVC_PROVISIONER").getValue());
        assertFalse(env.containsKey("OVC_VCLUSTER_CHART"));
        assertTrue(chart.all(ClusterRole.class).stream().noneMatch(r -> r.getMetadata().getName().endsWith("-helm")));
        assertEquals("64Mi", volume(chart.one(Deployment.class), "tmp").getEmptyDir().getSizeLimit().toString());
    }

    @Test
    void theHelmProvisionerGetsItsChartAndEveryRightHelmUses() {
        RenderedChart chart = RenderedChart.render(helm(Map.of("vclusterChart.source",
                "oci://registry.example.org/charts/vcluster", "vclusterChart.version", "0.36.1")));
        Deployment deployment = chart.one(Deployment.class);
        Map<String, EnvVar> env = env(container(deployment));
        assertEquals("helm", env.get("OVC_PROVISIONER").getValue());
        assertEquals("oci://registry.example.org/charts/vcluster", env.get("OVC_VCLUSTER_CHART").getValue());
        assertEquals("0.36.1", env.get("OVC_VCLUSTER_CHART_VERSION").getValue());
        assertTrue(env.get("HELM_CACHE_HOME").getValue().startsWith("/tmp/"), "the root filesystem is read-only");
        assertEquals("256Mi", volume(deployment, "tmp").getEmptyDir().getSizeLimit().toString(),
                "room for helm-java's native library");
        // what Helm does per object of vcluster's chart (install: get, create; upgrade: get, patch; uninstall:
        // delete) and to its release Secrets (list, create, update, delete), seen on the mock API server
        // (HelmOnMockApiServerIT)
        ChartRbac rbac = ChartRbac.of(chart, pod(deployment).getServiceAccountName());
        Map<String, String> chartObjects = Map.of("serviceaccounts", "", "resourcequotas", "", "limitranges", "",
                "secrets", "", "services", "", "statefulsets", "apps", "roles", "rbac.authorization.k8s.io",
                "rolebindings", "rbac.authorization.k8s.io");
        Set<String> refused = new TreeSet<>();
        chartObjects.forEach((resource, group) -> Stream.of("get", "create", "patch", "delete")
                .map(verb -> new ApiCall(group, resource, verb, Optional.of("vcluster-any")))
                .filter(call -> !rbac.allows(call)).forEach(call -> refused.add(call.toString())));
        Stream.of("list", "create", "update", "delete").map(verb -> new ApiCall("", "secrets", verb,
                Optional.of("vcluster-any"))).filter(call -> !rbac.allows(call))
                .forEach(call -> refused.add(call.toString()));
        assertTrue(refused.isEmpty(), "Helm would be refused: " + refused);
    }

    @Test
    void anAirGappedChartArchiveIsMountedFromAConfigMap() {
        Deployment deployment = RenderedChart.render(helm(Map.of("vclusterChart.archive.configMap", "vcluster-chart",
                "vclusterChart.archive.key", "vcluster-0.36.1.tgz"))).one(Deployment.class);
        Map<String, EnvVar> env = env(container(deployment));
        assertEquals("/etc/open-vcluster-api/vcluster-chart/vcluster-0.36.1.tgz",
                env.get("OVC_VCLUSTER_CHART").getValue());
        assertFalse(env.containsKey("OVC_VCLUSTER_CHART_VERSION"), "an archive holds one version");
        assertEquals("vcluster-chart", volume(deployment, "vcluster-chart").getConfigMap().getName());
        assertTrue(container(deployment).getVolumeMounts().stream()
                .anyMatch(m -> m.getMountPath().equals("/etc/open-vcluster-api/vcluster-chart")));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render(helm(Map.of())));
        assertTrue(e.getMessage().contains("vclusterChart.source"), e.getMessage());
    }

    @Test
    void theChartCarriesTheGeneratedCrdsUnchanged() throws IOException {
        // deploy/crds is kept equal to the crd-generator's output by the server's GeneratedCrdsTest
        List<String> names = names(GENERATED_CRDS);
        assertTrue(names.contains("servers.compute.openvcluster.io-v1.yml"), names.toString());
        assertEquals(names, names(CHART_CRDS), "refresh with: cp deploy/crds/*.yml deploy/helm/open-vcluster-api/crds/");
        for (String name : names) {
            assertEquals(Files.readString(GENERATED_CRDS.resolve(name)), Files.readString(CHART_CRDS.resolve(name)),
                    name + " differs; refresh with: cp deploy/crds/*.yml deploy/helm/open-vcluster-api/crds/");
        }
        // helm template leaves crds/ out (helm-java has no --include-crds); Helm installs them before the templates
        for (String name : names) {
            CustomResourceDefinition crd = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                    .unmarshal(Files.readString(CHART_CRDS.resolve(name)), CustomResourceDefinition.class);
            assertEquals("compute.openvcluster.io", crd.getSpec().getGroup());
            assertEquals("Namespaced", crd.getSpec().getScope(), "records live in the release namespace");
        }
    }

    /** The least a real install sets, with the Helm provisioner and {@code values}. */
    private static Map<String, Object> helm(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(RenderedChart.REQUIRED);
        all.put("provisioner", "helm");
        all.putAll(values);
        return all;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList();
        }
    }

    private static PodSpec pod(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    private static Container container(Deployment deployment) {
        return pod(deployment).getContainers().get(0);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    private static Volume volume(Deployment deployment, String name) {
        Optional<Volume> volume = pod(deployment).getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
        return volume.orElseThrow(() -> new AssertionError("no volume " + name));
    }
}

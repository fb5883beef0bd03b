package io.openvcluster.translator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.openvcluster.api.BoundedMemo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects chart {@code vcluster} 0.36.1 renders in the host namespace for {@link VclusterValues#values}
 * (docs/translation.md, "Values and manifests"): the built-in renderer used where Helm is not available. The
 * result is pinned to the chart's structure; the values decide quota, limits, resources, image and versions.
 */
public final class VclusterManifests {

    /** Annotation on the pod template: a hash of the config, so any values change rolls the control plane. */
    public static final String CONFIG_HASH_ANNOTATION = "vClusterConfigHash";
    /**
     * Annotation on the pod template when the vcluster is a Helm release of the official chart: a digest of the
     * facade's own values (flavor and image), so that a change of them rolls the control plane as the config hash
     * does for the built-in renderer.
     */
    public static final String VALUES_DIGEST_ANNOTATION = "openvcluster.io/values-digest";
    /** Label that marks the vcluster's main Service. */
    public static final String SERVICE_LABEL = "vcluster.loft.sh/service";
    /** Key of the vcluster.yaml in Secret {@code vc-config-<release>}. */
    public static final String CONFIG_KEY = "config.yaml";
    /** Port the control plane serves the virtual API on. */
    public static final int API_PORT = 8443;

    /**
     * The config text by values. The values follow from the flavor and the image, of which a site has a handful,
     * while writing them as YAML is most of a render's garbage (about 130 KB a time, SnakeYAML's emitter): each
     * distinct values map is written once. Keyed by the whole values map, so the text is right whatever the values
     * come to depend on.
     */
    private static final BoundedMemo<Map<String, Object>, String> CONFIG_YAML =
            new BoundedMemo<>(256, VclusterValues::configYaml);

    private VclusterManifests() {
    }

    /**
     * The namespaced objects of one vcluster, in apply order (as Helm installs them): ResourceQuota,
     * LimitRange, ServiceAccounts, config Secret, Role, RoleBinding, Services, StatefulSet.
     *
     * @param ownerLabels added to every object's labels (server id, project id); never to selectors
     */
    public static List<HasMetadata> render(VclusterNames names, FlavorSpec flavor, ImageSpec image,
                                           Map<String, String> ownerLabels) {
        checkOwnerLabels(ownerLabels);
        Map<String, Object> values = VclusterValues.values(names, flavor, image);
        String config = CONFIG_YAML.get(values);
        Meta meta = new Meta(names, image.chartVersion(), ownerLabels);
        return List.of(
                withOwnerLabels(HostResources.resourceQuota(names, flavor, image.chartVersion()), ownerLabels),
                withOwnerLabels(HostResources.limitRange(names, flavor, image.chartVersion()), ownerLabels),
                serviceAccount(meta, names.serviceAccount()),
                serviceAccount(meta, names.workloadServiceAccount()),
                configSecret(meta, names, config),
                role(meta, names),
                roleBinding(meta, names),
                headlessService(meta, names),
                service(meta, names),
                statefulSet(meta, names, flavor, image, config));
    }

    /** Hex sha256 of the config text: the {@code vClusterConfigHash} pod annotation. */
    public static String configHash(String config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(config.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static ServiceAccount serviceAccount(Meta meta, String name) {
        return new ServiceAccountBuilder().withMetadata(meta.named(name)).build();
    }

    private static Secret configSecret(Meta meta, VclusterNames names, String config) {
        return new SecretBuilder()
                .withMetadata(meta.named(names.configSecret()))
                .withType("Opaque")
                .withData(Map.of(CONFIG_KEY,
                        Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    private static Role role(Meta meta, VclusterNames names) {
        List<String> crud = List.of("create", "delete", "patch", "update", "get", "list", "watch");
        List<String> read = List.of("get", "list", "watch");
        List<String> events = List.of("create", "get", "list", "watch");
        return new RoleBuilder()
                .withMetadata(meta.named(names.role()))
                .withRules(
                        rule("", List.of("configmaps", "secrets", "services", "pods", "pods/attach",
                                "pods/portforward", "pods/exec", "persistentvolumeclaims"), crud),
                        rule("", List.of("pods/status", "pods/ephemeralcontainers"), List.of("patch", "update")),
                        rule("apps", List.of("statefulsets", "replicasets", "deployments"),
                                List.of("get", "list", "watch", "patch", "update")),
                        rule("", List.of("endpoints", "pods/log"), read),
                        rule("", List.of("events"), events),
                        rule("events.k8s.io", List.of("events"), events),
                        rule("", List.of("endpoints"), List.of("create", "delete", "patch", "update")),
                        rule("discovery.k8s.io", List.of("endpointslices"),
                                List.of("create", "list", "get", "delete", "patch", "update", "watch")))
                .build();
    }

    private static PolicyRule rule(String apiGroup, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
    }

    private static RoleBinding roleBinding(Meta meta, VclusterNames names) {
        return new RoleBindingBuilder()
                .withMetadata(meta.named(names.roleBinding()))
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(names.serviceAccount())
                .withNamespace(names.namespace())
                .endSubject()
                .withNewRoleRef()
                .withKind("Role")
                .withName(names.role())
                .withApiGroup("rbac.authorization.k8s.io")
                .endRoleRef()
                .build();
    }

    private static Service headlessService(Meta meta, VclusterNames names) {
        return new ServiceBuilder()
                .withMetadata(meta.named(names.headlessService()))
                .withNewSpec()
                .withPublishNotReadyAddresses(true)
                .withPorts(new ServicePortBuilder().withName("https").withPort(443)
                        .withTargetPort(new IntOrString(API_PORT)).withProtocol("TCP").build())
                .withClusterIP("None")
                .withSelector(ChartLabels.selector(names))
                .endSpec()
                .build();
    }

    private static Service service(Meta meta, VclusterNames names) {
        ObjectMeta metadata = meta.named(names.service());
        metadata.getLabels().put(SERVICE_LABEL, "true");
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withType("ClusterIP")
                .withPorts(
                        new ServicePortBuilder().withName("https").withPort(443)
                                .withTargetPort(new IntOrString(API_PORT)).withProtocol("TCP").build(),
                        new ServicePortBuilder().withName("kubelet").withPort(10250)
                                .withTargetPort(new IntOrString(API_PORT)).withProtocol("TCP").build())
                .withSelector(ChartLabels.selector(names))
                .endSpec()
                .build();
    }

    private static StatefulSet statefulSet(Meta meta, VclusterNames names, FlavorSpec flavor, ImageSpec image,
                                           String config) {
        StatefulSet statefulSet = new StatefulSetBuilder()
                .withMetadata(meta.named(names.statefulSet()))
                .withNewSpec()
                .withNewSelector().withMatchLabels(ChartLabels.selector(names)).endSelector()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Retain").endPersistentVolumeClaimRetentionPolicy()
                .withServiceName(names.headlessService())
                .withPodManagementPolicy("Parallel")
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName("data").endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .withRequests(Map.of("storage", new Quantity(Quantities.mebibytes(HostResources.DATA_PVC_MIB))))
                        .endResources()
                        .endSpec()
                        .build())
                .withReplicas(1)
                .withNewTemplate()
                .withNewMetadata()
                .withAnnotations(Map.of(CONFIG_HASH_ANNOTATION, configHash(config)))
                .withLabels(ChartLabels.selector(names))
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build();
        // The pod spec and its lists are set in place, the same objects the chain would build: nested in the
        // chain, fabric8's builders copy a nested object at each level (into a builder, then out of it), so the
        // containers were copied some eight times per render (150 KB of a render's 470 KB of garbage).
        PodSpec pod = new PodSpecBuilder()
                .withTerminationGracePeriodSeconds(15L)
                .withServiceAccountName(names.serviceAccount())
                .withEnableServiceLinks(true)
                .build();
        pod.setVolumes(new ArrayList<>(volumes(names)));
        pod.setInitContainers(new ArrayList<>(List.of(kubernetesInit(image))));
        pod.setContainers(new ArrayList<>(List.of(syncer(names, flavor, image))));
        statefulSet.getSpec().getTemplate().setSpec(pod);
        return statefulSet;
    }

    private static List<Volume> volumes(VclusterNames names) {
        return List.of(
                new VolumeBuilder().withName("helm-cache").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("binaries").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("certs").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("vcluster-config")
                        .withNewSecret().withSecretName(names.configSecret()).endSecret().build());
    }

    /** Copies the apiserver and controller-manager binaries of the image's Kubernetes version. */
    private static Container kubernetesInit(ImageSpec image) {
        return new ContainerBuilder()
                .withName("kubernetes")
                .withImage("ghcr.io/loft-sh/kubernetes:" + image.kubernetesTag())
                .withVolumeMounts(mount("binaries", "/binaries"))
                .withCommand("cp")
                .withArgs("-r", "/kubernetes/.", "/binaries/")
                .withNewSecurityContext().endSecurityContext()
                .withResources(resources(
                        Map.of("cpu", Quantities.cpu(HostResources.INIT_CPU_LIMIT_MILLIS),
                                "memory", Quantities.mebibytes(HostResources.INIT_MEMORY_LIMIT_MIB)),
                        Map.of("cpu", Quantities.cpu(HostResources.INIT_CPU_REQUEST_MILLIS),
                                "memory", Quantities.mebibytes(HostResources.INIT_MEMORY_REQUEST_MIB))))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Container syncer(VclusterNames names, FlavorSpec flavor, ImageSpec image) {
        Map<String, Object> cp = HostResources.controlPlaneResources(flavor);
        return new ContainerBuilder()
                .withName("syncer")
                .withImage("ghcr.io/" + VclusterValues.SYNCER_REPOSITORY + ":" + image.chartVersion())
                .withLivenessProbe(probe("/healthz", 60, 2, 60))
                .withReadinessProbe(probe("/readyz", 0, 2, 60))
                .withStartupProbe(probe("/readyz", 0, 6, 300))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withRunAsGroup(0L)
                .withRunAsUser(0L)
                .endSecurityContext()
                .withResources(resources((Map<String, String>) cp.get("limits"), (Map<String, String>) cp.get("requests")))
                .withEnv(
                        new EnvVar("VCLUSTER_NAME", names.release(), null),
                        new EnvVar("LOFT_LOG_ENCODING", "console", null),
                        fieldEnv("POD_NAME", "metadata.name"),
                        fieldEnv("POD_IP", "status.podIP"),
                        fieldEnv("NODE_NAME", "spec.nodeName"),
                        fieldEnv("NODE_IP", "status.hostIP"))
                .withVolumeMounts(
                        mount("data", "/data"),
                        mount("binaries", "/binaries"),
                        mount("certs", "/pki"),
                        mount("helm-cache", "/.cache/helm"),
                        mount("vcluster-config", "/var/lib/vcluster"),
                        mount("tmp", "/tmp"))
                .build();
    }

    private static Probe probe(String path, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        HTTPGetAction get = new HTTPGetActionBuilder()
                .withPath(path).withPort(new IntOrString(API_PORT)).withScheme("HTTPS").build();
        ProbeBuilder probe = new ProbeBuilder()
                .withHttpGet(get)
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold);
        if (initialDelaySeconds > 0) {
            probe.withInitialDelaySeconds(initialDelaySeconds);
        }
        return probe.build();
    }

    private static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath).endFieldRef().endValueFrom()
                .build();
    }

    private static VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }

    private static ResourceRequirements resources(Map<String, String> limits, Map<String, String> requests) {
        return new ResourceRequirementsBuilder()
                .withLimits(HostResources.quantities(limits))
                .withRequests(HostResources.quantities(requests))
                .build();
    }

    private static <T extends HasMetadata> T withOwnerLabels(T object, Map<String, String> ownerLabels) {
        Map<String, String> labels = new LinkedHashMap<>(object.getMetadata().getLabels());
        labels.putAll(ownerLabels);
        object.getMetadata().setLabels(labels);
        return object;
    }

    private static void checkOwnerLabels(Map<String, String> ownerLabels) {
        for (String key : List.of(ChartLabels.APP, ChartLabels.CHART, ChartLabels.RELEASE, ChartLabels.HERITAGE)) {
            if (ownerLabels.containsKey(key)) {
                throw new IllegalArgumentException("owner label '" + key + "' would override a chart label");
            }
        }
    }

    /** Builds each object's metadata: name, namespace, chart labels then the owner labels. */
    private record Meta(VclusterNames names, String chartVersion, Map<String, String> ownerLabels) {
        ObjectMeta named(String name) {
            Map<String, String> labels = new LinkedHashMap<>(ChartLabels.of(names, chartVersion));
            labels.putAll(ownerLabels);
            return new ObjectMetaBuilder().withName(name).withNamespace(names.namespace()).withLabels(labels).build();
        }
    }
}

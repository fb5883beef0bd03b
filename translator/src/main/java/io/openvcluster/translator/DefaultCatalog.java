package io.openvcluster.translator;

import io.openvcluster.api.model.FlavorData;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The flavors and base images a fresh installation offers (docs/translation.md, "Default catalog").
 *
 * <p>Flavors are a size ladder for the tenant's workloads; the control plane's own share is added on top
 * by {@link HostResources}. Images are the k8s distro on one pinned chart version, one per supported
 * Kubernetes minor (vcluster 0.36.1 K8SVersionMap).
 */
public final class DefaultCatalog {

    /** The chart version every default image installs. */
    public static final String CHART_VERSION = "0.36.1";
    /** Kubernetes versions offered, newest first (image tags of vcluster 0.36.1's K8SVersionMap). */
    public static final List<String> KUBERNETES_VERSIONS = List.of("1.36.0", "1.35.0", "1.34.0", "1.33.4");

    private static final List<FlavorData> FLAVORS = List.of(
            flavor("1", "vc.tiny", 1, 1024, 5),
            flavor("2", "vc.small", 2, 4096, 20),
            flavor("3", "vc.medium", 4, 8192, 40),
            flavor("4", "vc.large", 8, 16384, 80),
            flavor("5", "vc.xlarge", 16, 32768, 200));

    private static final List<BaseImage> IMAGES = KUBERNETES_VERSIONS.stream().map(DefaultCatalog::image).toList();

    private DefaultCatalog() {
    }

    /** The default flavors, smallest first; ids "1".."5". */
    public static List<FlavorData> flavors() {
        return FLAVORS;
    }

    /** The default base images, newest Kubernetes first. */
    public static List<BaseImage> images() {
        return IMAGES;
    }

    /**
     * A base image: a Kubernetes version of vcluster.
     *
     * @param id   stable across installations: a name-based UUID of the name and chart version
     * @param name e.g. {@code vcluster-k8s-1.33}
     */
    public record BaseImage(String id, String name, ImageSpec spec) {
        public BaseImage {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(spec, "spec");
        }
    }

    private static FlavorData flavor(String id, String name, int vcpus, int ramMb, int diskGb) {
        String description = "vcluster whose workloads get " + vcpus + " vCPU, " + (ramMb / 1024) + " GiB RAM, "
                + diskGb + " GiB storage";
        return new FlavorData(id, name, vcpus, ramMb, diskGb, 0, 0, 1.0, true, false,
                Optional.of(description), Map.of());
    }

    private static BaseImage image(String kubernetesVersion) {
        String minor = kubernetesVersion.substring(0, kubernetesVersion.lastIndexOf('.'));
        String name = "vcluster-k8s-" + minor;
        String id = UUID.nameUUIDFromBytes(("open-vcluster-api/image/" + name + "/chart-" + CHART_VERSION)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new BaseImage(id, name, ImageSpec.k8s(id, CHART_VERSION, kubernetesVersion));
    }
}

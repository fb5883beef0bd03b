package io.openvcluster.translator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image as the translator needs it: which vcluster chart installs it and which Kubernetes it runs.
 *
 * @param id                the image id
 * @param chartVersion      the vcluster chart (and syncer image) version, e.g. "0.36.1"
 * @param kubernetesVersion the Kubernetes version without "v", e.g. "1.33.4" (a leading "v" is dropped)
 * @param distro            the vcluster distro; only "k8s" exists in current vcluster
 */
public record ImageSpec(String id, String chartVersion, String kubernetesVersion, String distro) {

    public static final String DISTRO_K8S = "k8s";
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    public ImageSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chartVersion, "chartVersion");
        Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
        Objects.requireNonNull(distro, "distro");
        if (kubernetesVersion.startsWith("v")) {
            kubernetesVersion = kubernetesVersion.substring(1);
        }
        if (!VERSION.matcher(kubernetesVersion).matches()) {
            throw new IllegalArgumentException("Kubernetes version must look like 1.33.4, got '" + kubernetesVersion + "'");
        }
        if (!VERSION.matcher(chartVersion).matches()) {
            throw new IllegalArgumentException("chart version must look like 0.36.1, got '" + chartVersion + "'");
        }
        if (!DISTRO_K8S.equals(distro)) {
            throw new IllegalArgumentException("unsupported vcluster distro '" + distro + "'; only k8s exists since vcluster 0.33");
        }
    }

    /** A k8s-distro image. */
    public static ImageSpec k8s(String id, String chartVersion, String kubernetesVersion) {
        return new ImageSpec(id, chartVersion, kubernetesVersion, DISTRO_K8S);
    }

    /** The tag of {@code ghcr.io/loft-sh/kubernetes} and the value of {@code controlPlane.distro.k8s.version}. */
    public String kubernetesTag() {
        return "v" + kubernetesVersion;
    }

    /** "1.33" of "1.33.4". */
    public String kubernetesMinor() {
        return kubernetesVersion.substring(0, kubernetesVersion.lastIndexOf('.'));
    }
}

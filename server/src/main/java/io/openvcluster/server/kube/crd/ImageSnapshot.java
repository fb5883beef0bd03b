package io.openvcluster.server.kube.crd;

/** What the image meant at create: the vcluster chart version, Kubernetes version and distro installed. */
public record ImageSnapshot(String chartVersion, String kubernetesVersion, String distro) {
    /** Every server of an image repeats these: one instance each ({@link SharedStrings}). */
    public ImageSnapshot {
        chartVersion = SharedStrings.shared(chartVersion);
        kubernetesVersion = SharedStrings.shared(kubernetesVersion);
        distro = SharedStrings.shared(distro);
    }
}

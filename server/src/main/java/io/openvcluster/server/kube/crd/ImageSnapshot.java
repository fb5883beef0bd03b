package io.openvcluster.server.kube.crd;

/** What the image meant at create: the vcluster chart version, Kubernetes version and distro installed. */
public record ImageSnapshot(String chartVersion, String kubernetesVersion, String distro) {
}

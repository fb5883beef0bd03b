/**
 * Putting a vcluster's objects on the host: the built-in renderer's manifests ({@code ManifestProvisioner}) or a
 * Helm release of vcluster's official chart ({@code HelmProvisioner}), chosen by {@code OVC_PROVISIONER}.
 */
package io.openvcluster.server.kube.provision;

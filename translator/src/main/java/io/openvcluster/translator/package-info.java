/**
 * Pure VM ↔ vcluster translation: server names to host names ({@link io.openvcluster.translator.VclusterNames}),
 * flavors to quota, limits and control-plane resources ({@link io.openvcluster.translator.HostResources}),
 * flavor and image to chart values ({@link io.openvcluster.translator.VclusterValues}) and manifests
 * ({@link io.openvcluster.translator.VclusterManifests}), host observations to Nova states
 * ({@link io.openvcluster.translator.StateDeriver}), and the default catalog. No I/O; see docs/translation.md.
 */
package io.openvcluster.translator;

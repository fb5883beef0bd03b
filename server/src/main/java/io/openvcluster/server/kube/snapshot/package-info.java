/**
 * vcluster's snapshots as the host sees them: the snapshot request objects vcluster's controller works from, the
 * snapshot and restore pods, and the store the archives are written to.
 */
package io.openvcluster.server.kube.snapshot;

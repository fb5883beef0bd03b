package io.openvcluster.server.kube.provision;

import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.VclusterNames;
import java.util.Optional;

/**
 * Puts a server's vcluster on the host, at its flavor and image, and takes it away. Two ways: the built-in
 * {@link ManifestProvisioner} (the chart's objects rendered in Java, written with create/update: the sandbox and
 * sites that forbid Helm) and the {@link HelmProvisioner} (a Helm release of vcluster's own chart, the same release
 * {@code vcluster create} makes). Chosen once at start by {@code OVC_PROVISIONER} ({@link ProvisionerSettings}).
 *
 * <p>Only the install, the values and the uninstall differ; everything the running vcluster does afterwards (power
 * operations, snapshots, restores) is done with fabric8 on the objects either way, as vcluster's CLI does on
 * Helm-made vclusters.
 */
public interface VclusterProvisioner {
    /**
     * Makes the host run the desired vcluster; idempotent, and cheap when the host already matches.
     *
     * @return what the API server answered that the host caches may not show yet
     */
    Provisioned ensure(DesiredVcluster desired);

    /**
     * The annotation that the control-plane pod template (and then the pod) carries once the desired flavor and image
     * run: resize, revert and rebuild follow the control plane's restart with it. Empty when it cannot be known.
     */
    Optional<RolloutMarker> marker(DesiredVcluster desired);

    /**
     * True when the host runs the server's vcluster in a form this provisioner has to take over (the Helm provisioner:
     * one the manifest provisioner made); the reconciler then calls {@link #ensure} even though the record's
     * generation was applied.
     */
    boolean takesOver(HostObservation observed);

    /** What {@code helm uninstall} removes (nothing for the manifest path: the reconciler deletes the objects). */
    void uninstall(VclusterNames names);

    /**
     * What a provisioning learnt from the API server's answers: the control plane Service's cluster IP when this pass
     * created the Service (the API server assigns it in the create's answer), so that the first status can carry the
     * server's address instead of a second status write once the informer has the Service.
     */
    record Provisioned(Optional<String> clusterIp) {
        /** Nothing the host caches will not show. */
        public static final Provisioned NOTHING_NEW = new Provisioned(Optional.empty());
    }

    /** One annotation and the value that shows the desired values run. */
    record RolloutMarker(String annotation, String value) {
    }
}

package io.openvcluster.server.kube.crd;

import java.util.Map;

/**
 * The flavor as it was when the server was created. Nova embeds a copy of the flavor in the instance too, so a
 * later change or deletion of the flavor does not change what an existing server shows (microversion 2.47+).
 */
public record FlavorSnapshot(
        String id,
        String name,
        int vcpus,
        int ramMb,
        int diskGb,
        int ephemeralGb,
        int swapMb,
        Map<String, String> extraSpecs) {
    public FlavorSnapshot {
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }
}

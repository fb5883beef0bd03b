package io.openvcluster.api.model;

import java.util.Map;
import java.util.Optional;

/** A flavor as the API shows it. ram in MiB, disk and ephemeral in GiB, swap in MiB. */
public record FlavorData(
        String id,
        String name,
        int vcpus,
        int ramMb,
        int diskGb,
        int ephemeralGb,
        int swapMb,
        double rxtxFactor,
        boolean isPublic,
        boolean disabled,
        Optional<String> description,
        Map<String, String> extraSpecs) {
    public FlavorData {
        extraSpecs = Map.copyOf(extraSpecs);
    }
}

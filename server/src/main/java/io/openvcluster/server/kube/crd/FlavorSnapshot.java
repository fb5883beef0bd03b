package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The flavor as it was when the server was created. Nova embeds a copy of the flavor in the instance too, so a
 * later change or deletion of the flavor does not change what an existing server shows (microversion 2.47+). No
 * ephemeral disk, no swap and no extra specs are left out of the stored JSON (absent, they read back as 0 and empty).
 */
public record FlavorSnapshot(
        String id,
        String name,
        int vcpus,
        int ramMb,
        int diskGb,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int ephemeralGb,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int swapMb,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> extraSpecs) {
    /** Every server of a flavor repeats its id and name: one instance each ({@link SharedStrings}). */
    public FlavorSnapshot {
        id = SharedStrings.shared(id);
        name = SharedStrings.shared(name);
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }
}

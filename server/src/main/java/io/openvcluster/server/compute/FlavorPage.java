package io.openvcluster.server.compute;

import io.openvcluster.api.model.FlavorData;
import java.util.List;
import java.util.Optional;

/** One page of flavors; {@code nextMarker} is set when a limit was given and the page is full. */
public record FlavorPage(List<FlavorData> flavors, Optional<String> nextMarker) {
    public FlavorPage {
        flavors = List.copyOf(flavors);
    }
}

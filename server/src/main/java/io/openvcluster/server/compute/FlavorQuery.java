package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Filters, sort and page of a flavor list ({@code GET /flavors[/detail]}). The HTTP layer parses the numbers (400 on
 * bad values); the sort key and direction are checked here, against Nova's flavor columns.
 *
 * @param isPublic empty leaves the choice to Nova's defaults (public flavors, plus every flavor for admins)
 * @param sortKey  a Nova flavor column: flavorid (the default), id, name, memory_mb, vcpus, root_gb, ephemeral_gb,
 *                 swap, rxtx_factor
 * @param sortDir  "asc" (the default) or "desc", in any case
 */
public record FlavorQuery(
        Optional<Boolean> isPublic,
        Optional<Integer> minRam,
        Optional<Integer> minDisk,
        String sortKey,
        String sortDir,
        Optional<Integer> limit,
        Optional<String> marker) {
    /** Nova's flavor sort keys (DB column names) and the field each stands for. */
    private static final Map<String, Comparator<FlavorData>> SORT_KEYS = Map.of(
            "flavorid", Comparator.comparing(FlavorData::id),
            "id", Comparator.comparing(FlavorData::id),
            "name", Comparator.comparing(FlavorData::name),
            "memory_mb", Comparator.comparingInt(FlavorData::ramMb),
            "vcpus", Comparator.comparingInt(FlavorData::vcpus),
            "root_gb", Comparator.comparingInt(FlavorData::diskGb),
            "ephemeral_gb", Comparator.comparingInt(FlavorData::ephemeralGb),
            "swap", Comparator.comparingInt(FlavorData::swapMb),
            "rxtx_factor", Comparator.comparingDouble(FlavorData::rxtxFactor));

    public FlavorQuery {
        sortDir = sortDir.toLowerCase(Locale.ROOT);
        if (!SORT_KEYS.containsKey(sortKey)) {
            throw ApiException.badRequest("Invalid input received: sort_key " + sortKey + " is not supported.");
        }
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw ApiException.badRequest("Invalid input received: sort_dir must be 'asc' or 'desc'.");
        }
    }

    /** Every flavor the caller may see, by flavor id. */
    public static FlavorQuery all() {
        return new FlavorQuery(Optional.empty(), Optional.empty(), Optional.empty(), "flavorid", "asc",
                Optional.empty(), Optional.empty());
    }

    /** The requested order, then the flavor id: a stable order for markers. */
    Comparator<FlavorData> order() {
        Comparator<FlavorData> order = SORT_KEYS.get(sortKey).thenComparing(FlavorData::id);
        return sortDir.equals("asc") ? order : order.reversed();
    }
}

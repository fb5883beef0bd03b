package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import java.util.List;
import java.util.Optional;

/** {@code GET /flavors[/detail]}: the flavors a caller may see, filtered, sorted and paged as Nova does. */
final class FlavorLists {
    private FlavorLists() {
    }

    /** {@code visible} filtered by minRam and minDisk, sorted, then the page after the marker, up to the limit. */
    static FlavorPage page(List<FlavorData> visible, FlavorQuery query) {
        List<FlavorData> flavors = visible.stream()
                .filter(f -> query.minRam().map(m -> f.ramMb() >= m).orElse(true))
                .filter(f -> query.minDisk().map(m -> f.diskGb() >= m).orElse(true))
                .sorted(query.order())
                .toList();
        int start = query.marker().map(marker -> indexOf(flavors, marker) + 1).orElse(0);
        int end = query.limit().map(l -> Math.min(flavors.size(), start + l)).orElse(flavors.size());
        List<FlavorData> page = flavors.subList(start, end);
        Optional<String> next = query.limit().filter(l -> !page.isEmpty() && page.size() == l)
                .map(l -> page.getLast().id());
        return new FlavorPage(page, next);
    }

    private static int indexOf(List<FlavorData> flavors, String marker) {
        for (int i = 0; i < flavors.size(); i++) {
            if (flavors.get(i).id().equals(marker)) {
                return i;
            }
        }
        throw ApiException.badRequest("marker [" + marker + "] not found");
    }
}

package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nova's flavor list semantics on a fixed list: filters, sort keys, directions, markers and limits. */
class FlavorListsTest {
    /** id, name, vCPUs, RAM (MiB), disk (GiB); out of order, with two flavors of the same RAM. */
    private static final List<FlavorData> FLAVORS = Stream.of(
            "3 medium 2 4096 20", "1 tiny 1 512 1", "4 large 4 8192 40", "2 small 1 2048 10", "5 small-b 1 2048 5")
            .map(FlavorListsTest::flavor).toList();

    private static FlavorData flavor(String row) {
        String[] f = row.split(" ");
        return new FlavorData(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), 0, 0,
                1.0, true, false, Optional.empty(), Map.of());
    }

    private static FlavorQuery query(Optional<Integer> minRam, Optional<Integer> minDisk, String key, String dir,
                                     Optional<Integer> limit, Optional<String> marker) {
        return new FlavorQuery(Optional.empty(), minRam, minDisk, key, dir, limit, marker);
    }

    private static List<String> ids(FlavorPage page) {
        return page.flavors().stream().map(FlavorData::id).toList();
    }

    @Test
    void allIsEveryFlavorByIdWithoutANextMarker() {
        FlavorPage page = FlavorLists.page(FLAVORS, FlavorQuery.all());
        assertEquals(List.of("1", "2", "3", "4", "5"), ids(page));
        assertEquals(Optional.empty(), page.nextMarker());
    }

    @Test
    void minRamAndMinDiskAreInclusiveLowerBounds() {
        assertEquals(List.of("2", "3", "4", "5"), ids(FlavorLists.page(FLAVORS,
                query(Optional.of(2048), Optional.empty(), "flavorid", "asc", Optional.empty(), Optional.empty()))));
        assertEquals(List.of("2", "3", "4"), ids(FlavorLists.page(FLAVORS,
                query(Optional.of(2048), Optional.of(10), "flavorid", "asc", Optional.empty(), Optional.empty()))));
    }

    @Test
    void sortKeyThenIdAsTieBreakerInEitherDirection() {
        assertEquals(List.of("1", "2", "5", "3", "4"), ids(FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "memory_mb", "asc", Optional.empty(), Optional.empty()))));
        assertEquals(List.of("4", "3", "5", "2", "1"), ids(FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "memory_mb", "DESC", Optional.empty(), Optional.empty()))));
        assertEquals(List.of("4", "3", "2", "5", "1"), ids(FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "name", "asc", Optional.empty(), Optional.empty()))));
    }

    @Test
    void pagesFollowTheMarkerAndNameTheLastOfAFullPage() {
        FlavorPage first = FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "flavorid", "asc", Optional.of(2), Optional.empty()));
        assertEquals(List.of("1", "2"), ids(first));
        assertEquals(Optional.of("2"), first.nextMarker());
        FlavorPage second = FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "flavorid", "asc", Optional.of(2), first.nextMarker()));
        assertEquals(List.of("3", "4"), ids(second));
        FlavorPage last = FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "flavorid", "asc", Optional.of(2), second.nextMarker()));
        assertEquals(List.of("5"), ids(last));
        assertEquals(Optional.empty(), last.nextMarker());
        FlavorPage none = FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "flavorid", "asc", Optional.of(0), Optional.empty()));
        assertEquals(List.of(), ids(none));
        assertEquals(Optional.empty(), none.nextMarker());
    }

    @Test
    void anUnknownMarkerIsABadRequest() {
        ApiException e = assertThrows(ApiException.class, () -> FlavorLists.page(FLAVORS,
                query(Optional.empty(), Optional.empty(), "flavorid", "asc", Optional.empty(), Optional.of("9"))));
        assertEquals(400, e.status());
        assertEquals("marker [9] not found", e.getMessage());
    }

    @Test
    void sortKeyAndDirectionAreNovas() {
        ApiException key = assertThrows(ApiException.class, () -> query(Optional.empty(), Optional.empty(), "ram",
                "asc", Optional.empty(), Optional.empty()));
        assertEquals(400, key.status());
        assertEquals("Invalid input received: sort_key ram is not supported.", key.getMessage());
        ApiException dir = assertThrows(ApiException.class, () -> query(Optional.empty(), Optional.empty(), "vcpus",
                "up", Optional.empty(), Optional.empty()));
        assertEquals("Invalid input received: sort_dir must be 'asc' or 'desc'.", dir.getMessage());
    }
}

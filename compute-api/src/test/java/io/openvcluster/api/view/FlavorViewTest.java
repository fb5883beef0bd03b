package io.openvcluster.api.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.FlavorData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlavorViewTest {
    private static final FlavorData LARGE = new FlavorData("vc.large", "vc.large", 4, 8192, 40, 5, 1024, 1.0, false,
            false, Optional.of("4 vCPU quota"), Map.of("ovc:max-pods", "110"));

    @Test
    void detailMatchesRealNovaAt21() {
        JsonNode real = Samples.novaReal("flavors-detail.json").at("/flavors/0");
        assertEquals(real, FlavorView.detail(Samples.M1_TINY, Microversion.parse("2.1"), Samples.LINKS));
    }

    @ParameterizedTest(name = "[{index}] swap at {0}")
    @CsvSource({"2.1, true", "2.74, true", "2.75, false", "2.96, false"})
    void noSwapIsEmptyStringBefore275(String version, boolean emptyString) {
        JsonNode swap = FlavorView.detail(Samples.M1_TINY, Microversion.parse(version), Samples.LINKS).get("swap");
        if (emptyString) {
            assertTrue(swap.isTextual());
            assertEquals("", swap.asText());
        } else {
            assertTrue(swap.isInt());
            assertEquals(0, swap.asInt());
        }
        assertEquals(1024, FlavorView.detail(LARGE, Microversion.parse(version), Samples.LINKS).get("swap").asInt());
    }

    @ParameterizedTest(name = "[{index}] {1} at {0}")
    @CsvSource({"2.54, description, false", "2.55, description, true", "2.60, extra_specs, false",
            "2.61, extra_specs, true", "2.96, rxtx_factor, true", "2.96, OS-FLV-DISABLED:disabled, true"})
    void fieldsByMicroversion(String version, String field, boolean present) {
        assertEquals(present, FlavorView.detail(LARGE, Microversion.parse(version), Samples.LINKS).has(field));
    }

    @Test
    void valuesOfALargeFlavor() {
        JsonNode f = FlavorView.detail(LARGE, Microversion.parse("2.61"), Samples.LINKS);
        assertEquals("4 vCPU quota", f.get("description").asText());
        assertEquals("{\"ovc:max-pods\":\"110\"}", f.get("extra_specs").toString());
        assertEquals(5, f.get("OS-FLV-EXT-DATA:ephemeral").asInt());
        assertFalse(f.get("os-flavor-access:is_public").asBoolean());
        assertEquals("http://127.0.0.1:38774/v2.1/flavors/vc.large", f.at("/links/0/href").asText());
        assertEquals("http://127.0.0.1:38774/flavors/vc.large", f.at("/links/1/href").asText());
        assertTrue(FlavorView.detail(Samples.M1_TINY, Microversion.parse("2.55"), Samples.LINKS)
                .get("description").isNull());
    }

    @Test
    void summaryItemAndWrappers() {
        assertEquals(Set.of("id", "name", "links"),
                ServerViewTest.keys(FlavorView.summaryItem(LARGE, Microversion.parse("2.54"), Samples.LINKS)));
        assertEquals(Set.of("id", "name", "links", "description"),
                ServerViewTest.keys(FlavorView.summaryItem(LARGE, Microversion.parse("2.55"), Samples.LINKS)));
        assertEquals("1", FlavorView.show(Samples.M1_TINY, Microversion.parse("2.1"), Samples.LINKS)
                .at("/flavor/id").asText());
        JsonNode list = FlavorView.list(List.of(FlavorView.summaryItem(LARGE, Microversion.parse("2.1"),
                Samples.LINKS)), Optional.of("next-page"));
        assertEquals("vc.large", list.at("/flavors/0/id").asText());
        assertEquals("next-page", list.at("/flavors_links/0/href").asText());
        assertEquals("{\"extra_specs\":{\"ovc:max-pods\":\"110\"}}", FlavorView.extraSpecs(LARGE).toString());
    }
}

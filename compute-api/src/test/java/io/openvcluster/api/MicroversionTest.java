package io.openvcluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MicroversionTest {

    @ParameterizedTest
    @CsvSource({"2.1, 2, 1", "2.47, 2, 47", "2.96, 2, 96", "2.0, 2, 0", "3.10, 3, 10", "' 2.5 ', 2, 5"})
    void parsesMajorDotMinor(String text, int major, int minor) {
        Microversion v = Microversion.parse(text);
        assertEquals(new Microversion(major, minor), v);
        assertEquals(major + "." + minor, v.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2.", ".1", "2.01", "02.1", "2.1.1", "v2.1", "latest", "2,1", "2.99999999999"})
    void rejectsMalformedVersionsWith400(String text) {
        ApiException e = assertThrows(ApiException.class, () -> Microversion.parse(text));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("Invalid API version request: "), e.getMessage());
    }

    /** Header values are parsed once and remembered: the answer to the same headers never changes. */
    @Test
    void negotiatingTheSameHeadersAgainGivesTheSameAnswerAndRefusalsStay() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Microversion.v2(47), MicroversionRange.negotiate(Optional.of("compute 2.47, image 2.1"),
                    Optional.empty()));
            assertEquals(Microversion.v2(12), MicroversionRange.negotiate(Optional.of("image 2.1"),
                    Optional.of("2.12")));
            assertEquals(400, assertThrows(ApiException.class, () -> MicroversionRange.negotiate(
                    Optional.of("compute 2.x"), Optional.empty())).status());
            assertEquals(406, assertThrows(ApiException.class, () -> MicroversionRange.negotiate(
                    Optional.of("compute 2.97"), Optional.empty())).status());
        }
    }

    @Test
    void comparesMinorNumericallyNotAsDecimal() {
        assertTrue(Microversion.parse("2.9").compareTo(Microversion.parse("2.10")) < 0);
        assertTrue(Microversion.parse("2.10").atLeast(9));
        assertTrue(Microversion.parse("2.9").before(10));
        assertTrue(Microversion.parse("2.47").atLeast(47));
        assertFalse(Microversion.parse("2.47").before(47));
        assertFalse(Microversion.parse("2.46").atLeast(47));
    }

    @ParameterizedTest(name = "[{index}] OpenStack-API-Version={0} X-OpenStack-Nova-API-Version={1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "-, -, 2.1",
            "compute 2.47, -, 2.47",
            "-, 2.47, 2.47",
            "compute 2.60, 2.47, 2.60",
            "'image 2.1, compute 2.53', -, 2.53",
            "'compute 2.53, image 2.1', -, 2.53",
            "COMPUTE 2.20, -, 2.20",
            "image 2.5, 2.30, 2.30",
            "compute latest, -, 2.96",
            "-, latest, 2.96",
            "-, LATEST, 2.96",
            "compute 2.1, -, 2.1",
            "compute 2.96, -, 2.96",
    })
    void negotiatesFromHeaders(String openstack, String nova, String expected) {
        assertEquals(Microversion.parse(expected),
                MicroversionRange.negotiate(Optional.ofNullable(openstack), Optional.ofNullable(nova)));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"compute 2.200, -, 2.200", "-, 2.97, 2.97", "-, 2.0, 2.0", "-, 3.1, 3.1"})
    void outOfRangeIs406WithNovasMessage(String openstack, String nova, String shown) {
        ApiException e = assertThrows(ApiException.class,
                () -> MicroversionRange.negotiate(Optional.ofNullable(openstack), Optional.ofNullable(nova)));
        assertEquals(406, e.status());
        assertEquals("Version " + shown + " is not supported by the API. Minimum is 2.1 and maximum is 2.96.",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"compute two, -", "-, 2.x", "compute 2.1.0, -"})
    void badFormatIs400(String openstack, String nova) {
        ApiException e = assertThrows(ApiException.class,
                () -> MicroversionRange.negotiate(Optional.ofNullable(openstack), Optional.ofNullable(nova)));
        assertEquals(400, e.status());
    }

    @Test
    void headerValuesEchoTheVersion() {
        assertEquals("compute 2.47", MicroversionRange.openstackHeaderValue(Microversion.parse("2.47")));
        assertEquals("2.1", MicroversionRange.MIN.toString());
        assertEquals("2.96", MicroversionRange.MAX.toString());
    }
}

package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Access addresses in the canonical form Nova returns (RFC 5952 for IPv6). */
class AccessAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0:0:0:0:0:babe:dc0c:1602, ::babe:dc0c:1602",
            "0:0:0:0:0:BABE:DC0C:1602, ::babe:dc0c:1602",
            "::babe:dc0c:1602, ::babe:dc0c:1602",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "::ffff:10.0.0.1, ::ffff:10.0.0.1",
            "0:0:0:0:0:ffff:a00:1, ::ffff:10.0.0.1",
            "0000:0000:0000:0000:0000:babe:220.12.22.2, ::babe:dc0c:1602",
            "::1.2.3.4, ::1.2.3.4",
            "::1:0, ::0.1.0.0",
            "::ffff, ::ffff",
            "::1:2:3, ::1:2:3",
            "::babe:1.2.3, ::babe:1.2.3",
            "::babe:1.2.3.256, ::babe:1.2.3.256",
            "10.0.0.1, 10.0.0.1",
            "'', ''",
    })
    void canonicalForm(String given, String shown) {
        assertEquals(shown, AccessAddresses.canonical(given));
    }
}

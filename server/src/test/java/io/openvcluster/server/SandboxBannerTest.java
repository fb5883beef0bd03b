package io.openvcluster.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox's warning box: every line as wide as the box, its edges where the edges are. */
class SandboxBannerTest {
    @ParameterizedTest(name = "with Keycloak: {0}")
    @ValueSource(booleans = {false, true})
    void everyLineIsAsWideAsTheBox(boolean keycloak) {
        String banner = Main.sandboxBanner(keycloak);
        long boxLines = banner.lines().filter(l -> !l.isEmpty()).count();
        assertEquals(7, boxLines, banner);
        banner.lines().filter(l -> !l.isEmpty()).forEach(line -> {
            assertEquals(80, line.length(), "'" + line + "'");
            assertTrue(line.startsWith("*") && line.endsWith("*"), line);
        });
        assertTrue(banner.contains(keycloak ? "Keycloak" : "admin / demo / alt_demo"), banner);
    }
}

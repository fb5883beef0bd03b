package io.openvcluster.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VclusterNamesTest {
    private static final String ID = "3F2A9C1E-77b0-4c1e-9a53-0d2b6f1c9e44";
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("web", "web-3f2a9c1e"),
                Arguments.of("My Server", "my-server-3f2a9c1e"),
                Arguments.of("  web  01  ", "web-01-3f2a9c1e"),
                Arguments.of("web--__..01", "web-01-3f2a9c1e"),
                Arguments.of("-edge-", "edge-3f2a9c1e"),
                Arguments.of("Ärger über Öl", "arger-uber-ol-3f2a9c1e"),
                Arguments.of("café☕", "cafe-3f2a9c1e"),
                Arguments.of("日本語サーバー", "vc-3f2a9c1e"),
                Arguments.of("", "vc-3f2a9c1e"),
                Arguments.of("---", "vc-3f2a9c1e"),
                Arguments.of("123", "vc-123-3f2a9c1e"),
                Arguments.of("a".repeat(255), "a".repeat(40) + "-3f2a9c1e"),
                Arguments.of("x".repeat(39) + "-yyy", "x".repeat(39) + "-3f2a9c1e"),
                Arguments.of("ＷＥＢ", "web-3f2a9c1e"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @MethodSource("names")
    void releaseIsSanitizedNamePlusIdPrefix(String serverName, String release) {
        VclusterNames names = VclusterNames.forServer(ID, serverName);

        assertEquals(release, names.release());
        assertEquals("vcluster-" + release, names.namespace());
        assertEquals(ID, names.serverId());
        assertTrue(DNS_1035.matcher(names.release()).matches(), names.release());
        for (String derived : derivedNames(names)) {
            assertTrue(DNS_1123.matcher(derived).matches(), derived);
            assertTrue(derived.length() <= 63, derived + " is longer than a DNS label");
        }
    }

    @Test
    void nullNameFallsBack() {
        assertEquals("vc-3f2a9c1e", VclusterNames.forServer(ID, null).release());
    }

    @Test
    void derivedNamesFollowTheChart() {
        VclusterNames names = VclusterNames.forServer(ID, "web");

        assertEquals("web-3f2a9c1e", names.statefulSet());
        assertEquals("web-3f2a9c1e", names.service());
        assertEquals("web-3f2a9c1e-headless", names.headlessService());
        assertEquals("vc-config-web-3f2a9c1e", names.configSecret());
        assertEquals("vc-web-3f2a9c1e", names.kubeconfigSecret());
        assertEquals("vc-web-3f2a9c1e", names.serviceAccount());
        assertEquals("vc-workload-web-3f2a9c1e", names.workloadServiceAccount());
        assertEquals("vc-web-3f2a9c1e", names.role());
        assertEquals("vc-web-3f2a9c1e", names.roleBinding());
        assertEquals("vc-web-3f2a9c1e", names.resourceQuota());
        assertEquals("vc-web-3f2a9c1e", names.limitRange());
        assertEquals("web-3f2a9c1e-0", names.pod());
        assertEquals("data-web-3f2a9c1e-0", names.dataPvc());
    }

    @Test
    void sameServerGivesSameNamesAndTwoServersWithOneNameDiffer() {
        VclusterNames a = VclusterNames.forServer(ID, "web");
        VclusterNames b = VclusterNames.forServer("9d41e6a0-0000-4000-8000-000000000000", "web");

        assertEquals(a, VclusterNames.forServer(ID, "web"));
        assertEquals("web-9d41e6a0", b.release());
        assertTrue(!a.release().equals(b.release()));
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void idWithoutEightHexDigitsIsRejected(String id) {
        assertThrows(IllegalArgumentException.class, () -> VclusterNames.forServer(id, "web"));
    }

    static Stream<String> badIds() {
        return Stream.of("", "abc", "server-one", "zzzzzzzzzzzz");
    }

    private static List<String> derivedNames(VclusterNames n) {
        return List.of(n.namespace(), n.statefulSet(), n.service(), n.headlessService(), n.configSecret(),
                n.kubeconfigSecret(), n.serviceAccount(), n.workloadServiceAccount(), n.role(), n.roleBinding(),
                n.resourceQuota(), n.limitRange(), n.pod(), n.dataPvc());
    }
}

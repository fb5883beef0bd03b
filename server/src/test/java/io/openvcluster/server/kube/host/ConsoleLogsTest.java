package io.openvcluster.server.kube.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Nova's console tail, '\n'.join(log.split('\n')[-length:]), on the log as the API returns it. */
class ConsoleLogsTest {
    private static final String LOG = "one\ntwo\nthree\nfour\n";

    @Test
    void aTrailingNewlineCountsAsALineAsInNova() {
        String tail = ConsoleLogs.tail(LOG, Optional.of(3));
        assertEquals("three\nfour\n", tail);
        // tempest: len(output.split('\n')) == length
        assertEquals(3, tail.split("\n", -1).length);
        assertEquals("", ConsoleLogs.tail(LOG, Optional.of(1)));
    }

    @Test
    void noLengthZeroOrMoreThanTheLogIsTheWholeLog() {
        assertEquals(LOG, ConsoleLogs.tail(LOG, Optional.empty()));
        assertEquals(LOG, ConsoleLogs.tail(LOG, Optional.of(0)));
        assertEquals(LOG, ConsoleLogs.tail(LOG, Optional.of(100)));
        assertEquals("", ConsoleLogs.tail("", Optional.of(3)));
    }
}

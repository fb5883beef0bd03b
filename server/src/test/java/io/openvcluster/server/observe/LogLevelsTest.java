package io.openvcluster.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@code OVC_LOG_LEVELS}: pairs by logger, Java's level names and the common ones, and a clear refusal otherwise. */
class LogLevelsTest {
    @Test
    void pairsByLoggerWithJavasAndTheCommonLevelNames() {
        LogLevels levels = LogLevels.of(Optional.of(" io.openvcluster.host=warn, io.fabric8=FINE,x.y=debug,"));
        assertEquals(Map.of("io.openvcluster.host", Level.WARNING, "io.fabric8", Level.FINE, "x.y", Level.FINE),
                levels.levels());
        assertEquals(Map.of(), LogLevels.of(Optional.empty()).levels());
    }

    @Test
    void appliedLevelsHoldOnTheLoggers() {
        LogLevels.of(Optional.of("io.openvcluster.test.levels=SEVERE")).apply();
        System.gc();
        assertEquals(Level.SEVERE, Logger.getLogger("io.openvcluster.test.levels").getLevel());
    }

    @Test
    void aWrongEntryIsRefusedSayingWhich() {
        IllegalArgumentException noLevel = assertThrows(IllegalArgumentException.class,
                () -> LogLevels.of(Optional.of("io.fabric8")));
        assertEquals("OVC_LOG_LEVELS takes logger=LEVEL pairs separated by commas, got 'io.fabric8'",
                noLevel.getMessage());
        IllegalArgumentException badLevel = assertThrows(IllegalArgumentException.class,
                () -> LogLevels.of(Optional.of("io.fabric8=LOUD")));
        assertEquals("OVC_LOG_LEVELS: 'LOUD' is not a log level (SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST, "
                + "OFF, ALL, or ERROR, WARN, DEBUG, TRACE)", badLevel.getMessage());
    }
}

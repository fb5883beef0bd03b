package io.openvcluster.server.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code OVC_LOG_LEVELS}: log levels by logger (a package or class name), e.g.
 * {@code io.openvcluster.host=WARNING,io.fabric8=INFO}, over the defaults of the facade's logging.properties. Levels
 * are Java logging's ({@code SEVERE}, {@code WARNING}, {@code INFO}, {@code CONFIG}, {@code FINE}, {@code FINER},
 * {@code FINEST}, {@code OFF}, {@code ALL}) or the common names {@code ERROR}, {@code WARN}, {@code DEBUG} and
 * {@code TRACE}. A wrong entry stops the start with a message that says which.
 */
public record LogLevels(Map<String, Level> levels) {
    private static final Map<String, Level> ALIASES = Map.of("ERROR", Level.SEVERE, "WARN", Level.WARNING,
            "DEBUG", Level.FINE, "TRACE", Level.FINEST);
    /** Java logging keeps loggers weakly: the configured ones are held here, or their level would be lost. */
    private static final List<Logger> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LogLevels {
        levels = Map.copyOf(levels);
    }

    public static LogLevels of(Optional<String> setting) {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String entry : setting.orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] pair = entry.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("OVC_LOG_LEVELS takes logger=LEVEL pairs separated by commas, "
                        + "got '" + entry.strip() + "'");
            }
            levels.put(pair[0].strip(), level(pair[1].strip().toUpperCase(Locale.ROOT)));
        }
        return new LogLevels(levels);
    }

    /** Sets each logger's level. */
    public void apply() {
        levels.forEach((name, level) -> {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(level);
            HELD.add(logger);
        });
    }

    private static Level level(String name) {
        Level alias = ALIASES.get(name);
        if (alias != null) {
            return alias;
        }
        try {
            return Level.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OVC_LOG_LEVELS: '" + name + "' is not a log level (SEVERE, WARNING, "
                    + "INFO, CONFIG, FINE, FINER, FINEST, OFF, ALL, or ERROR, WARN, DEBUG, TRACE)");
        }
    }
}

package io.openvcluster.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every {@code OVC_*} setting the project reads, each with a default: a new setting
 * without its row fails here, and so does a row for a setting nothing reads any more. "Read" means a string literal
 * {@code "OVC_..."} in any module's Java sources (the facade's settings, and the test switches such as
 * {@code OVC_KEYCLOAK_SKIP}), or a shell expansion {@code ${OVC_...:-default}} in the {@code ovc} launcher and the
 * scripts under {@code deploy/}. A setting read together with a config key (the variable's literal, then the key's,
 * as {@code OvcSettings} reads them) must show that key in its row too.
 */
class ConfigurationDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOC = ROOT.resolve("docs/configuration.md");
    private static final Pattern JAVA_LITERAL = Pattern.compile("\"(OVC_[A-Z0-9_]+)\"");
    private static final Pattern JAVA_WITH_KEY = Pattern.compile("\"(OVC_[A-Z0-9_]+)\",\\s*\"(ovc\\.[a-z0-9.-]+)\"");
    private static final Pattern SHELL_READ = Pattern.compile("\\$\\{(OVC_[A-Z0-9_]+):-");
    private static final Pattern DOCUMENTED = Pattern.compile("`(OVC_[A-Z0-9_]+)`");

    @Test
    void everySettingTheCodeReadsIsDocumentedWithItsDefault() {
        Map<String, Row> rows = documented();
        Set<String> missing = new TreeSet<>();
        for (String setting : read()) {
            Optional<Row> row = Optional.ofNullable(rows.get(setting));
            if (row.isEmpty() || row.get().defaultValue().isBlank()) {
                missing.add(setting);
            }
        }
        assertEquals(Set.of(), missing, "settings read by the code but without a row and a default in " + DOC);
    }

    @Test
    void everyConfigKeyIsDocumentedWithItsVariable() {
        Map<String, Row> rows = documented();
        Map<String, String> wrong = new TreeMap<>();
        keys().forEach((setting, key) -> {
            Row row = rows.get(setting);
            if (row == null || !row.cells().contains("`" + key + "`")) {
                wrong.put(setting, key);
            }
        });
        assertEquals(Map.of(), wrong, "config keys missing from their setting's row in " + DOC);
    }

    @Test
    void everyDocumentedSettingIsStillRead() {
        Set<String> stale = new TreeSet<>(documented().keySet());
        stale.removeAll(read());
        assertEquals(Set.of(), stale, "rows in " + DOC + " for settings nothing reads");
    }

    @Test
    void theScanSeesTheSettingsItMustSee() {
        Set<String> read = read();
        // one from each kind of reader: the facade's settings, an identity setting, a test switch, the launcher
        assertTrue(read.containsAll(List.of("OVC_PROVISIONER", "OVC_TOKEN_TTL", "OVC_KEYCLOAK_SKIP", "OVC_JAVA_OPTS")),
                read.toString());
        assertEquals("ovc.provisioner", keys().get("OVC_PROVISIONER"));
    }

    /** A table row of the document: its cells, and the last one, the default. */
    private record Row(String cells, String defaultValue) {
    }

    private static Map<String, Row> documented() {
        Map<String, Row> rows = new TreeMap<>();
        for (String line : read(DOC).split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            String last = cells.get(cells.size() - 1);
            // the variable is named outside the first column, which describes the setting
            Matcher setting = DOCUMENTED.matcher(String.join("|", cells.subList(2, cells.size() - 1)));
            while (setting.find()) {
                rows.put(setting.group(1), new Row(line, last));
            }
        }
        return rows;
    }

    private static Set<String> read() {
        Set<String> settings = new TreeSet<>();
        javaSources().forEach(file -> collect(JAVA_LITERAL, read(file), settings));
        scripts().forEach(file -> collect(SHELL_READ, read(file), settings));
        return settings;
    }

    private static Map<String, String> keys() {
        Map<String, String> keys = new TreeMap<>();
        javaSources().forEach(file -> {
            Matcher m = JAVA_WITH_KEY.matcher(read(file));
            while (m.find()) {
                keys.put(m.group(1), m.group(2));
            }
        });
        return keys;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static List<Path> javaSources() {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.map(module -> module.resolve("src")).filter(Files::isDirectory)
                    .flatMap(ConfigurationDocsTest::files).filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> scripts() {
        return Stream.concat(Stream.of(ROOT.resolve("ovc")), files(ROOT.resolve("deploy"))
                .filter(f -> f.toString().endsWith(".sh"))).collect(Collectors.toList());
    }

    private static Stream<Path> files(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

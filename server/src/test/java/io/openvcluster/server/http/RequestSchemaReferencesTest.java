package io.openvcluster.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.server.compute.Verb;
import io.openvcluster.server.compute.Verbs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every schema the handlers validate against exists in compute-api (a missing one would be a 500 at run time): the
 * names written as literals, and the {@code action-<key>} of every action body parsed.
 */
class RequestSchemaReferencesTest {
    private static final Pattern LITERAL = Pattern.compile("RequestSchemas\\.validate\\(\"([^\"]+)\",");

    @Test
    void everySchemaNamedInTheHandlersExists() throws Exception {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL.matcher(Files.readString(source));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertTrue(named.containsAll(Set.of("server-create", "server-update", "flavor-create")), "" + named);
        named.removeAll(RequestSchemas.names());
        assertEquals(Set.of(), named);
    }

    @Test
    void everyActionBodyHasItsSchema() {
        Set<String> actions = new TreeSet<>();
        Verbs.all().stream().filter(Verb::implemented).map(Verb::key).forEach(actions::add);
        assertTrue(actions.containsAll(Set.of("os-stop", "rebuild", "os-getVNCConsole")), "" + actions);
        Set<String> missing = new TreeSet<>();
        actions.stream().filter(a -> !RequestSchemas.names().contains("action-" + a)).forEach(missing::add);
        assertEquals(Set.of(), missing);
    }
}

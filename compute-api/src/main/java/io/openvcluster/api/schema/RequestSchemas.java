package io.openvcluster.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies checked against JSON Schemas kept as data, one file per microversion that changed the body:
 * {@code io/openvcluster/api/schema/<name>/<microversion>.json}. A request at 2.x uses the newest file whose
 * version is ≤ 2.x, as Nova stacks its {@code @validation.schema} ranges. Schemas are read once and cached.
 */
public final class RequestSchemas {
    private static final String ROOT = "io/openvcluster/api/schema/";
    private static final String INDEX = ROOT + "index.txt";
    private static final Pattern INDEX_LINE = Pattern.compile("([A-Za-z0-9_-]+)/(\\d+\\.\\d+)\\.json");

    /**
     * Every schema name and the microversions at which its body changed: the files present, as listed at build time
     * in {@code index.txt} (one {@code <name>/<microversion>.json} a line, written by the build from the resource
     * directory, so a new schema file needs no code).
     */
    private static final Map<String, List<String>> FILES = readIndex();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .regularExpressionFactory(LinearPatterns.INSTANCE)
                    // a schema may give a readable reason per keyword: "message": {"pattern": "..."}
                    .errorMessageKeyword("message")
                    .build()));

    private static final Map<String, NavigableMap<Microversion, Schema>> CACHE = new ConcurrentHashMap<>();

    private RequestSchemas() {
    }

    /**
     * Checks {@code body} against schema {@code schemaName} as it stands at {@code mv}.
     *
     * @return the body, unchanged
     * @throws ApiException 400 with a Nova-style message naming the field, its value and what is wrong;
     *                      404 when the API does not exist yet at {@code mv} (no schema version ≤ mv)
     * @throws IllegalArgumentException for a schema name that does not exist (a programming error)
     */
    public static JsonNode validate(String schemaName, Microversion mv, JsonNode body) {
        var entry = versions(schemaName).floorEntry(mv);
        if (entry == null) {
            throw ApiException.notFound("The resource could not be found.");
        }
        return check(entry.getValue(), body);
    }

    /** Checks {@code body} against the newest version of an unversioned schema (e.g. {@code keystone-auth}). */
    public static JsonNode validate(String schemaName, JsonNode body) {
        return check(versions(schemaName).lastEntry().getValue(), body);
    }

    /** The schema names known, for tests and diagnostics. */
    public static Set<String> names() {
        return FILES.keySet();
    }

    private static JsonNode check(Schema schema, JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull() || !body.isObject()) {
            throw ApiException.badRequest("The request body is missing or is not a JSON object.");
        }
        List<Error> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(ValidationMessages.describe(pickMostSpecific(errors)));
        }
        return body;
    }

    /** Report the deepest error: it names the field the user got wrong, not an enclosing object. */
    private static Error pickMostSpecific(List<Error> errors) {
        Error best = errors.getFirst();
        for (Error e : errors) {
            if (e.getInstanceLocation().getNameCount() > best.getInstanceLocation().getNameCount()) {
                best = e;
            }
        }
        return best;
    }

    private static NavigableMap<Microversion, Schema> versions(String schemaName) {
        List<String> files = FILES.get(schemaName);
        if (files == null) {
            throw new IllegalArgumentException("no request schema named " + schemaName);
        }
        return CACHE.computeIfAbsent(schemaName, name -> {
            NavigableMap<Microversion, Schema> loaded = new TreeMap<>();
            for (String version : files) {
                loaded.put(Microversion.parse(version), load(name + "/" + version + ".json"));
            }
            return loaded;
        });
    }

    /** The schema files by name, as the build listed them; for the tests. */
    static Map<String, List<String>> files() {
        return FILES;
    }

    private static Map<String, List<String>> readIndex() {
        try (InputStream in = RequestSchemas.class.getClassLoader().getResourceAsStream(INDEX)) {
            Objects.requireNonNull(in, () -> "missing schema index " + INDEX + " (written by the build)");
            Map<String, List<String>> files = new TreeMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher file = INDEX_LINE.matcher(line.strip());
                if (!file.matches()) {
                    throw new IllegalStateException("unexpected line in " + INDEX + ": " + line);
                }
                files.computeIfAbsent(file.group(1), name -> new ArrayList<>()).add(file.group(2));
            }
            files.replaceAll((name, versions) -> List.copyOf(versions));
            return Collections.unmodifiableMap(files);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable schema index " + INDEX, e);
        }
    }

    private static Schema load(String path) {
        try (InputStream in = RequestSchemas.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            Objects.requireNonNull(in, () -> "missing schema resource " + ROOT + path);
            return REGISTRY.getSchema(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable schema " + path, e);
        }
    }
}

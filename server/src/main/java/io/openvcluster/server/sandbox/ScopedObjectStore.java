package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The object store of the sandbox's API server, indexed by resource type (plural), namespace and name.
 *
 * <p>fabric8's CRUD mock keeps every object in one map and answers each request by testing every entry against the
 * request's attributes: with 1,000 vclusters (about 11,000 objects) each request scans them all, and the sandbox
 * stops keeping up. The mock reads its map only through {@code entrySet()}, {@code get}, {@code put} and
 * {@code remove}, so this map narrows {@code entrySet()} to the objects the request being served can match: a
 * request's attributes always name its plural and, when namespaced, its namespace, and a request for one object (a
 * GET or DELETE by name) its name, so no entry outside that part of the index could match it anyway. The scope
 * comes from the request path ({@link #serving}); without a scope (a path the mock's parser does not recognise) the
 * whole store is returned, which is slower but never wrong. Entries whose key lacks a plural are kept in every
 * scope for the same reason.
 *
 * <p>The name level matters because one namespace holds every server record: without it, each read or write of
 * one record copied and tested the whole namespace (10,000 entries at 10,000 servers). {@link #find} serves the
 * mock's own look-up by attributes (create, replace, patch) from the same index.
 *
 * <p>All methods are synchronized; {@code entrySet()} returns a snapshot, so the mock may remove entries while it
 * iterates the result.
 */
final class ScopedObjectStore extends AbstractMap<AttributeSet, String> {
    private static final String NO_NAMESPACE = "";
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final KubernetesAttributesExtractor PATHS = new KubernetesAttributesExtractor();

    private final Map<AttributeSet, String> all = new LinkedHashMap<>();
    private final Map<String, Map<String, Bucket>> byPluralAndNamespace = new HashMap<>();
    private final Map<AttributeSet, String> unscoped = new LinkedHashMap<>();

    /**
     * What one request can see: a plural, a namespace when the path names one, a name when it names an object, and
     * for a watch that starts from a resourceVersion only the objects written after it ({@code newerThan}, 0 for all).
     */
    record Scope(String plural, Optional<String> namespace, Optional<String> name, long newerThan) {
        /** The same scope, seeing only objects whose resourceVersion is above {@code resourceVersion}. */
        Scope newerThan(long resourceVersion) {
            return new Scope(plural, namespace, name, resourceVersion);
        }
    }

    /** The objects of one plural in one namespace, in insertion order, and the same by name. */
    private static final class Bucket {
        final Map<AttributeSet, String> entries = new LinkedHashMap<>();
        final Map<String, Map<AttributeSet, String>> byName = new HashMap<>();

        void put(AttributeSet key, String value) {
            entries.put(key, value);
            byName.computeIfAbsent(value(key, KubernetesAttributesExtractor.NAME).orElse(NO_NAMESPACE),
                    n -> new LinkedHashMap<>(2)).put(key, value);
        }

        void remove(AttributeSet key) {
            entries.remove(key);
            String name = value(key, KubernetesAttributesExtractor.NAME).orElse(NO_NAMESPACE);
            Map<AttributeSet, String> named = byName.get(name);
            if (named != null) {
                named.remove(key);
                if (named.isEmpty()) {
                    byName.remove(name);
                }
            }
        }

        /** The entries a request for {@code name} can match (those with that name), or all of them. */
        Map<AttributeSet, String> select(Optional<String> name) {
            return name.map(n -> byName.getOrDefault(n, Map.of())).orElse(entries);
        }
    }

    /** Runs {@code action} with {@code entrySet()} narrowed to what a request for {@code path} can match. */
    static <T> T serving(String path, Supplier<T> action) {
        return within(scopeOf(path), action);
    }

    /** Runs {@code action} with {@code entrySet()} narrowed to {@code scope} (the whole store when empty). */
    static <T> T within(Optional<Scope> scope, Supplier<T> action) {
        if (scope.isEmpty()) {
            return action.get();
        }
        Scope outer = CURRENT.get();
        CURRENT.set(scope.get());
        try {
            return action.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The scope of the request this thread is serving ({@link #within}); empty outside one. */
    static Optional<Scope> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The scope the mock's own path parsing gives {@code path}; empty when it names no plural. */
    static Optional<Scope> scopeOf(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Map<String, String> parsed = PATHS.fromKubernetesPath(path);
        String plural = parsed.get(KubernetesAttributesExtractor.PLURAL);
        if (plural == null || plural.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Scope(plural, Optional.ofNullable(parsed.get(KubernetesAttributesExtractor.NAMESPACE)),
                Optional.ofNullable(parsed.get(KubernetesAttributesExtractor.NAME)), 0));
    }

    /**
     * The first entry whose key matches {@code query} ({@link AttributeSet#matches}), as the mock's own look-up by
     * attributes answers it, but tested only against the part of the index the query's plural, namespace and name
     * select: an entry outside it lacks an attribute the query requires.
     */
    synchronized Optional<Entry<AttributeSet, String>> find(AttributeSet query) {
        Optional<String> plural = required(query, KubernetesAttributesExtractor.PLURAL);
        Collection<Map<AttributeSet, String>> parts = plural.isEmpty() ? List.of(all)
                : parts(new Scope(plural.get(), required(query, KubernetesAttributesExtractor.NAMESPACE),
                        required(query, KubernetesAttributesExtractor.NAME), 0));
        for (Map<AttributeSet, String> part : parts) {
            for (Entry<AttributeSet, String> e : part.entrySet()) {
                if (e.getKey().matches(query)) {
                    return Optional.of(new SimpleImmutableEntry<>(e.getKey(), e.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized String put(AttributeSet key, String value) {
        String previous = all.put(key, value);
        Optional<Bucket> bucket = bucketFor(key);
        if (bucket.isPresent()) {
            bucket.get().put(key, value);
        } else {
            unscoped.put(key, value);
        }
        return previous;
    }

    @Override
    public synchronized String get(Object key) {
        return all.get(key);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return all.containsKey(key);
    }

    @Override
    public synchronized String remove(Object key) {
        String previous = all.remove(key);
        if (previous != null && key instanceof AttributeSet attributes) {
            Optional<Bucket> bucket = bucketFor(attributes);
            if (bucket.isPresent()) {
                bucket.get().remove(attributes);
            } else {
                unscoped.remove(attributes);
            }
        }
        return previous;
    }

    @Override
    public synchronized void clear() {
        all.clear();
        byPluralAndNamespace.clear();
        unscoped.clear();
    }

    @Override
    public synchronized int size() {
        return all.size();
    }

    @Override
    public synchronized Set<Entry<AttributeSet, String>> entrySet() {
        Scope scope = CURRENT.get();
        return snapshot(scope == null ? List.of(all) : parts(scope), scope == null ? 0 : scope.newerThan());
    }

    /** The maps holding every entry {@code scope} can see, the entries without a plural first. */
    private List<Map<AttributeSet, String>> parts(Scope scope) {
        Map<String, Bucket> namespaces = byPluralAndNamespace.getOrDefault(scope.plural(), Map.of());
        List<Map<AttributeSet, String>> parts = new ArrayList<>();
        parts.add(unscoped);
        if (scope.namespace().isPresent()) {
            Bucket bucket = namespaces.get(scope.namespace().get());
            if (bucket != null) {
                parts.add(bucket.select(scope.name()));
            }
        } else {
            for (Bucket bucket : namespaces.values()) {
                parts.add(bucket.select(scope.name()));
            }
        }
        return parts;
    }

    /** The bucket of a key with a plural (created on first use); empty for a key without one. */
    private Optional<Bucket> bucketFor(AttributeSet key) {
        Optional<String> plural = value(key, KubernetesAttributesExtractor.PLURAL);
        if (plural.isEmpty()) {
            return Optional.empty();
        }
        String namespace = value(key, KubernetesAttributesExtractor.NAMESPACE).orElse(NO_NAMESPACE);
        return Optional.of(byPluralAndNamespace.computeIfAbsent(plural.get(), p -> new HashMap<>())
                .computeIfAbsent(namespace, n -> new Bucket()));
    }

    private static Optional<String> value(AttributeSet key, String name) {
        Attribute attribute = key.getAttribute(name);
        if (attribute == null || attribute.getValues().size() != 1) {
            return Optional.empty();
        }
        Value value = attribute.getValues().get(0);
        return Optional.ofNullable(value.toString()).filter(s -> !s.isEmpty());
    }

    /**
     * The value a query requires of {@code name}: only an equality ({@code WITH}) with one value narrows the
     * entries that can match; any other kind of condition (exists, not in, ...) leaves the level unindexed.
     */
    private static Optional<String> required(AttributeSet query, String name) {
        Attribute attribute = query.getAttribute(name);
        if (attribute == null || attribute.getType() != AttributeType.WITH) {
            return Optional.empty();
        }
        return value(query, name);
    }

    private static Set<Entry<AttributeSet, String>> snapshot(Collection<Map<AttributeSet, String>> parts,
                                                             long newerThan) {
        Set<Entry<AttributeSet, String>> copy = new LinkedHashSet<>();
        for (Map<AttributeSet, String> part : parts) {
            for (Entry<AttributeSet, String> e : part.entrySet()) {
                if (newerThan == 0 || resourceVersion(e.getValue()) > newerThan) {
                    copy.add(new SimpleImmutableEntry<>(e.getKey(), e.getValue()));
                }
            }
        }
        return copy;
    }

    /**
     * The resourceVersion of a stored object, read from its JSON without parsing it: the mock writes every object
     * with fabric8's serialisation, which puts {@code metadata} (and so its first unescaped
     * {@code "resourceVersion":"}) before any field that could hold the same text. {@link Long#MAX_VALUE} when it
     * has none, so that such an object is always sent.
     */
    static long resourceVersion(String json) {
        int at = json.indexOf(RESOURCE_VERSION);
        if (at < 0) {
            return Long.MAX_VALUE;
        }
        long version = 0;
        int digits = 0;
        for (int i = at + RESOURCE_VERSION.length(); i < json.length() && Character.isDigit(json.charAt(i)); i++) {
            version = version * 10 + (json.charAt(i) - '0');
            digits++;
        }
        return digits == 0 || digits > 18 ? Long.MAX_VALUE : version;
    }

    private static final String RESOURCE_VERSION = "\"resourceVersion\":\"";
}

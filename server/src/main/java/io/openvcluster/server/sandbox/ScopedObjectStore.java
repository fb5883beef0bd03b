package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
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

/**
 * The object store of the sandbox's API server, indexed by resource type (plural) and namespace.
 *
 * <p>fabric8's CRUD mock keeps every object in one map and answers each request by testing every entry against the
 * request's attributes: with 1,000 vclusters (about 11,000 objects) each request scans them all, and the sandbox
 * stops keeping up. The mock reads its map only through {@code entrySet()}, {@code get}, {@code put} and
 * {@code remove}, so this map narrows {@code entrySet()} to the bucket of the request being served — a request's
 * attributes always name its plural and, when namespaced, its namespace, so no entry outside the bucket could match
 * it anyway. The scope comes from the request path ({@link #serving}); without a scope (a watch's later events, on
 * another thread) the whole store is returned, which is slower but never wrong. Entries whose key lacks a plural are
 * kept in every scope for the same reason.
 *
 * <p>All methods are synchronized; {@code entrySet()} returns a snapshot, so the mock may remove entries while it
 * iterates the result.
 */
final class ScopedObjectStore extends AbstractMap<AttributeSet, String> {
    private static final String NO_NAMESPACE = "";
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final KubernetesAttributesExtractor PATHS = new KubernetesAttributesExtractor();

    private final Map<AttributeSet, String> all = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<AttributeSet, String>>> byPluralAndNamespace = new HashMap<>();
    private final Map<AttributeSet, String> unscoped = new LinkedHashMap<>();

    /** What one request can see: a plural, and a namespace when the path names one. */
    record Scope(String plural, Optional<String> namespace) {
    }

    /** Runs {@code action} with {@code entrySet()} narrowed to what a request for {@code path} can match. */
    static <T> T serving(String path, java.util.function.Supplier<T> action) {
        Optional<Scope> scope = scopeOf(path);
        if (scope.isEmpty()) {
            return action.get();
        }
        CURRENT.set(scope.get());
        try {
            return action.get();
        } finally {
            CURRENT.remove();
        }
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
        return Optional.of(new Scope(plural, Optional.ofNullable(parsed.get(KubernetesAttributesExtractor.NAMESPACE))));
    }

    @Override
    public synchronized String put(AttributeSet key, String value) {
        String previous = all.put(key, value);
        bucketFor(key).put(key, value);
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
            bucketFor(attributes).remove(attributes);
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
        if (scope == null) {
            return snapshot(List.of(all));
        }
        Map<String, Map<AttributeSet, String>> namespaces = byPluralAndNamespace.getOrDefault(scope.plural(), Map.of());
        List<Map<AttributeSet, String>> parts = new ArrayList<>();
        parts.add(unscoped);
        if (scope.namespace().isPresent()) {
            parts.add(namespaces.getOrDefault(scope.namespace().get(), Map.of()));
        } else {
            parts.addAll(namespaces.values());
        }
        return snapshot(parts);
    }

    private Map<AttributeSet, String> bucketFor(AttributeSet key) {
        Optional<String> plural = value(key, KubernetesAttributesExtractor.PLURAL);
        if (plural.isEmpty()) {
            return unscoped;
        }
        String namespace = value(key, KubernetesAttributesExtractor.NAMESPACE).orElse(NO_NAMESPACE);
        return byPluralAndNamespace.computeIfAbsent(plural.get(), p -> new HashMap<>())
                .computeIfAbsent(namespace, n -> new LinkedHashMap<>());
    }

    private static Optional<String> value(AttributeSet key, String name) {
        Attribute attribute = key.getAttribute(name);
        if (attribute == null || attribute.getValues().size() != 1) {
            return Optional.empty();
        }
        Value value = attribute.getValues().get(0);
        return Optional.ofNullable(value.toString()).filter(s -> !s.isEmpty());
    }

    private static Set<Entry<AttributeSet, String>> snapshot(Collection<Map<AttributeSet, String>> parts) {
        Set<Entry<AttributeSet, String>> copy = new LinkedHashSet<>();
        for (Map<AttributeSet, String> part : parts) {
            for (Entry<AttributeSet, String> e : part.entrySet()) {
                copy.add(new SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
        }
        return copy;
    }
}

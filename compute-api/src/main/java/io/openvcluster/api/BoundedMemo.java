package io.openvcluster.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers a pure function's answers for the few keys requests repeat (a client's microversion header, the Host
 * names the facade is reached under), up to a fixed number of keys: keys beyond the bound are computed every time,
 * so a client sending endless distinct values costs time, never memory. A computation that throws is not
 * remembered and throws again for the same key.
 */
public final class BoundedMemo<K, V> {
    private final int limit;
    private final Function<K, V> compute;
    private final Map<K, V> known = new ConcurrentHashMap<>();

    public BoundedMemo(int limit, Function<K, V> compute) {
        this.limit = limit;
        this.compute = compute;
    }

    public V get(K key) {
        V value = known.get(key);
        if (value == null) {
            value = compute.apply(key);
            if (known.size() < limit) {
                known.put(key, value);
            }
        }
        return value;
    }
}

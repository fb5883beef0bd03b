package io.openvcluster.server.kube.crd;

/**
 * One instance of a value that many cached objects repeat (a project id, a power intent, a flavor's name, a phase),
 * from the JVM's string table. The JSON parser makes a new String for every object it reads; string deduplication
 * then shares the bytes of equal strings, but not the 24-byte String objects around them, some 20 per server record
 * (docs/benchmarks.md, "A connect timeout made the JDK client keep each connection's first response"). Unique
 * values (ids, names, times) are left alone: interning them would only cost a lookup.
 */
public final class SharedStrings {
    private SharedStrings() {
    }

    public static String shared(String value) {
        return value == null ? null : value.intern();
    }
}

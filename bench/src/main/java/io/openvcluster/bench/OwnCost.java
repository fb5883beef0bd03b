package io.openvcluster.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What the load generator's own JVM spends while it measures: bytes allocated per request, and its garbage
 * collections (count, total and longest pause). It shares the cores with the server it measures, so a pause of
 * its own shows as server latency; this table says how much of the tail that can be.
 */
final class OwnCost {
    static final String HEADER = "bytes allocated per request | collections | pause total ms | longest pause ms";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final AtomicLong LONGEST_PAUSE_MILLIS = new AtomicLong();

    static {
        // the longest pause since the last mark: the MXBeans only sum them
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        long millis = GarbageCollectionNotificationInfo
                                .from((CompositeData) notification.getUserData()).getGcInfo().getDuration();
                        LONGEST_PAUSE_MILLIS.accumulateAndGet(millis, Math::max);
                    }
                }, null, null);
            }
        }
    }

    private OwnCost() {
    }

    /** The counters at the start of a measurement. */
    record Mark(long allocatedBytes, long collections, long collectionMillis) {
        /** One table cell group: the cost from this mark to now, over {@code requests} requests. */
        String since(long requests) {
            long longest = LONGEST_PAUSE_MILLIS.get();
            Mark now = mark();
            return "%d | %d | %d | %d".formatted(
                    requests == 0 ? 0 : (now.allocatedBytes - allocatedBytes) / requests,
                    now.collections - collections, now.collectionMillis - collectionMillis, longest);
        }
    }

    static Mark mark() {
        long collections = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        LONGEST_PAUSE_MILLIS.set(0);
        return new Mark(THREADS.getTotalThreadAllocatedBytes(), collections, millis);
    }
}

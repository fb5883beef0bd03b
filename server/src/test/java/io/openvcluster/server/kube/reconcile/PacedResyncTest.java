package io.openvcluster.server.kube.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PacedResyncTest {
    private final List<String> keys = new ArrayList<>(IntStream.range(0, 25).mapToObj(i -> "s" + i).toList());
    private final List<String> queued = new ArrayList<>();
    /** one period of a second: ten ticks */
    private final PacedResync resync = new PacedResync(Duration.ofSeconds(1), () -> List.copyOf(keys), queued::add);

    @Test
    void eachKeyIsQueuedOnceAPeriodInSlicesNoLargerThanItsShare() {
        List<Integer> slices = new ArrayList<>();
        for (int tick = 0; tick < 10; tick++) {
            int before = queued.size();
            resync.run();
            slices.add(queued.size() - before);
        }
        Map<String, Integer> times = new HashMap<>();
        queued.forEach(k -> times.merge(k, 1, Integer::sum));
        assertTrue(keys.stream().allMatch(k -> times.getOrDefault(k, 0) >= 1), "every key within a period: " + times);
        assertTrue(slices.stream().allMatch(n -> n <= 3), "25 keys over 10 ticks: at most 3 a tick, " + slices);
        assertTrue(times.values().stream().allMatch(n -> n <= 2), "no key more than twice a period: " + times);
    }

    @Test
    void aKeyAddedMeanwhileIsQueuedFromTheNextSnapshot() {
        for (int tick = 0; tick < 9; tick++) {
            resync.run();
        }
        assertEquals(25, queued.size(), "the first snapshot is used up after 9 ticks of 3");
        keys.add("late");
        queued.clear();
        for (int tick = 0; tick < 9; tick++) {
            resync.run();
        }
        assertTrue(queued.contains("late"), "the next round's snapshot has it: " + queued);
        assertEquals(26, queued.size());
    }

    @Test
    void noKeysQueueNothingAndAreLookedAtAgainNextTick() {
        keys.clear();
        resync.run();
        resync.run();
        assertEquals(List.of(), queued);
        keys.add("first");
        resync.run();
        assertEquals(List.of("first"), queued, "a snapshot is taken again while the last one was empty");
    }

    @Test
    void aPeriodShorterThanATickQueuesEveryKeyEachTick() {
        List<String> fast = new ArrayList<>();
        new PacedResync(Duration.ofMillis(30), () -> List.copyOf(keys), fast::add).run();
        assertEquals(keys, fast);
    }
}

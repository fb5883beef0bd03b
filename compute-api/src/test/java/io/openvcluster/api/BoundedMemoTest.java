package io.openvcluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {
    @Test
    void aKeySeenBeforeIsNotComputedAgain() {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<String, Integer> memo = new BoundedMemo<>(4, key -> {
            calls.incrementAndGet();
            return key.length();
        });
        assertEquals(3, memo.get("abc"));
        assertEquals(3, memo.get("abc"));
        assertEquals(1, calls.get());
    }

    @Test
    void keysBeyondTheLimitAreComputedEveryTime() {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<Integer, Integer> memo = new BoundedMemo<>(2, key -> calls.incrementAndGet());
        memo.get(1);
        memo.get(2);
        memo.get(3);
        memo.get(3);
        memo.get(1);
        assertEquals(4, calls.get(), "1 and 2 are kept; 3 arrives past the limit and is computed twice");
    }

    @Test
    void aComputationThatThrowsIsNotRemembered() {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<String, Integer> memo = new BoundedMemo<>(4, key -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad " + key);
        });
        assertThrows(IllegalArgumentException.class, () -> memo.get("x"));
        assertThrows(IllegalArgumentException.class, () -> memo.get("x"));
        assertEquals(2, calls.get());
    }
}

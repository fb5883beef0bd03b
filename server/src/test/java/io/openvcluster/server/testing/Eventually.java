package io.openvcluster.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for an asynchronous outcome (the reconciler, the simulator). The timeout is only a guard against a hang:
 * it is generous, and no test asserts how fast something happens.
 */
public final class Eventually {
    private static final Duration GUARD = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, GUARD, condition);
    }

    /** As {@link #await(String, BooleanSupplier)}, with a guard of {@code guard}. */
    public static void await(String what, Duration guard, BooleanSupplier condition) {
        long deadline = System.nanoTime() + guard.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("still not true after " + guard.toSeconds() + " s: " + what);
            }
            sleep();
        }
    }

    public static <T> T awaitValue(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + GUARD.toNanos();
        T current;
        while ((current = value.get()) == null) {
            if (System.nanoTime() > deadline) {
                fail("still nothing after " + GUARD.toSeconds() + " s: " + what);
            }
            sleep();
        }
        return current;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.openvcluster.conformance;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints one summary line per client after a test class, {@code <client>: N passed, M failed}, like the Python
 * scripts do; steps waiting for a verb that is not built yet are aborted assumptions and counted as "not yet".
 * Register with {@code @RegisterExtension static final ClientSummary SUMMARY = new ClientSummary("openstack CLI");}.
 */
final class ClientSummary implements TestWatcher, AfterAllCallback {
    private final String client;
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger notYet = new AtomicInteger();

    ClientSummary(String client) {
        this.client = client;
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        passed.incrementAndGet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed.incrementAndGet();
        System.out.println("FAIL: " + context.getDisplayName() + ": " + cause.getMessage());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        notYet.incrementAndGet();
        System.out.println("not yet: " + context.getDisplayName() + ": " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        notYet.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.println(client + ": " + passed.get() + " passed, " + failed.get() + " failed"
                + (notYet.get() > 0 ? " (" + notYet.get() + " not yet)" : ""));
    }
}

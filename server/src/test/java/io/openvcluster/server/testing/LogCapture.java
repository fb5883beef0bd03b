package io.openvcluster.server.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** The messages a logger publishes while this handler is added to it (from any thread). */
public final class LogCapture extends Handler {
    private final List<String> messages = new CopyOnWriteArrayList<>();

    /** What was published so far, in order. */
    public List<String> messages() {
        return messages;
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}

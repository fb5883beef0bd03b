package io.openvcluster.server.sandbox;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * Ends the mock's watch without letting it wait on the API server's event loop.
 *
 * <p>When a watch's WebSocket closes or fails, the mock calls its watch listener on an event loop. The listener shuts
 * down the executor that sends the watch's events, then waits up to a minute for it to stop. If an event was being
 * sent at that moment, the send waits for its write, and the write completes only on that same event loop. The two
 * waited for each other until the send gave up after 30 s. In those 30 s the event loop served no other connection.
 * A facade killed or restarted while its informers received events left the sandbox in this state, and the next
 * facade's first list waited 30 s.
 *
 * <p>The listener's other steps (close the socket, shut down the executor, forget the watch) must run on the calling
 * thread, and in order. If they ran on another thread, a create on another connection could reach a watch whose
 * executor was already shut down but which was still listed. The rejected send would then leave that create
 * unanswered. So the listener runs here with the calling thread's interrupt flag set. Its wait then ends at once
 * (it catches the interruption and goes on). The flag is cleared afterwards, unless it was already set. The write in
 * flight completes once the event loop is free again, and the executor stops then.
 */
final class WatchEndWithoutWaiting extends ForwardingWebSocketListener {
    WatchEndWithoutWaiting(WebSocketListener delegate) {
        super(delegate);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        withoutWaiting(() -> super.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        withoutWaiting(() -> super.onFailure(webSocket, t, response));
    }

    private static void withoutWaiting(Runnable end) {
        boolean interruptedBefore = Thread.currentThread().isInterrupted();
        Thread.currentThread().interrupt();
        try {
            end.run();
        } finally {
            if (!interruptedBefore) {
                Thread.interrupted();
            }
        }
    }
}

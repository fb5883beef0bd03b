package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A watch that ends while its events are being sent must not stop the sandbox's API server
 * ({@link WatchEndWithoutWaiting}). Before that fix, a facade killed while its informers received events left the
 * sandbox answering nothing for 30 s.
 */
class WatchCloseIT {
    private static final String NAMESPACE = "watch-close";

    @Test
    void theSandboxAnswersRightAfterAWatchIsCutWhileItsEventsFlow() throws Exception {
        // SandboxCluster itself under test (its API server's watch ending), not through TestSandbox
        try (SandboxCluster sandbox = SandboxCluster.start(SandboxSettings.defaults())) {
            KubernetesClient writer = sandbox.client();
            writer.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Throwable> writeFailures = new CopyOnWriteArrayList<>();
            Thread events = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; writing.get(); i++) {
                        writer.resource(new ConfigMapBuilder().withNewMetadata().withName("event-" + i)
                                .withNamespace(NAMESPACE).endMetadata().addToData("i", Integer.toString(i)).build())
                                .create();
                    }
                } catch (RuntimeException e) {
                    writeFailures.add(e);
                }
            });
            Config config = Config.fromKubeconfig(sandbox.kubeconfigYaml());
            // well under the 30 s the sandbox stood still for, and not retried (a retry would wait those 30 s out)
            config.setRequestTimeout(10_000);
            config.setRequestRetryBackoffLimit(0);
            try (KubernetesClient reader = new KubernetesClientBuilder().withConfig(config).build()) {
                for (int cut = 0; cut < 5; cut++) {
                    cutAWatchMidStream(URI.create(sandbox.url()));
                    assertNotNull(reader.namespaces().withName(NAMESPACE).get(), "answered after cut " + cut);
                }
            } finally {
                writing.set(false);
                events.join();
            }
            // each create was answered, also those that reached a watch as it ended
            assertEquals(List.of(), writeFailures);
        }
    }

    @Test
    void theMocksEndOfAWatchDoesNotWaitForItsSenderAndRunsInOrderOnTheCallingThread() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        List<String> steps = new CopyOnWriteArrayList<>();
        // what fabric8's watch listener does at its end, with a send in flight that only the caller could complete
        ExecutorService sender = Executors.newSingleThreadExecutor();
        sender.execute(() -> {
            sending.countDown();
            awaitQuietly(written);
        });
        WebSocketListener mock = new WebSocketListener() {
            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                steps.add("closed on " + Thread.currentThread().getName());
                sender.shutdown();
                try {
                    sender.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                steps.add("forgotten");
            }
        };
        sending.await();

        Thread eventLoop = Thread.ofPlatform().name("event-loop").start(() -> {
            new WatchEndWithoutWaiting(mock).onClosed(null, 1000, "gone");
            steps.add("returned, interrupted: " + Thread.currentThread().isInterrupted());
        });
        eventLoop.join(Duration.ofSeconds(20));

        assertFalse(eventLoop.isAlive(), "the caller waited for the send in flight");
        assertEquals(List.of("closed on event-loop", "forgotten", "returned, interrupted: false"), steps);
        written.countDown(); // the event loop, free again, completes the write
        assertTrue(sender.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallerAlreadyInterruptedStaysInterrupted() {
        AtomicBoolean reached = new AtomicBoolean();
        WebSocketListener mock = new WebSocketListener() {
            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                reached.set(true);
            }
        };
        Thread.currentThread().interrupt();
        try {
            new WatchEndWithoutWaiting(mock).onFailure(null, new IOException("reset"), null);
            assertTrue(Thread.currentThread().isInterrupted());
            assertTrue(reached.get());
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * Opens a watch on the namespace's ConfigMaps with a bare WebSocket handshake, reads a little of its stream, then
     * resets the connection, as the kernel does when the process holding it is killed.
     */
    private static void cutAWatchMidStream(URI api) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/namespaces/" + NAMESPACE + "/configmaps?watch=true HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + api.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));
            in.readNBytes(4096); // the upgrade's headers and the first events
            socket.setSoLinger(true, 0);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.openvcluster.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs a row's load against the facade and prints its line: closed loop (each worker as fast as it can) or at a fixed
 * offered rate, with the workers of the chosen client ({@code socket}: {@link Http1Connection}; {@code jdk}: the JDK
 * client); collects the second and third tables (where the time went by {@code Server-Timing}, and the load
 * generator's own cost) for {@link #printSplits()}.
 */
final class LoadRun {
    private final FacadeUnderTest target;
    private final boolean useJdkClient;
    private final int warmupSeconds;
    /** Lines of the second table (total, kube, total - kube per row), printed after the first. */
    private final List<String> splits = new ArrayList<>();
    /** Lines of the third table: what the load generator itself allocated and collected per row. */
    private final List<String> ownCosts = new ArrayList<>();
    /** Per worker: total latency, the kube share, and total - kube (reused by every run). */
    private final List<Histogram> totals = new ArrayList<>();
    private final List<Histogram> kubes = new ArrayList<>();
    private final List<Histogram> facades = new ArrayList<>();

    LoadRun(FacadeUnderTest target, boolean useJdkClient, int warmupSeconds) {
        this.target = target;
        this.useJdkClient = useJdkClient;
        this.warmupSeconds = warmupSeconds;
    }

    void printSplits() {
        System.out.printf("%nWhere the time went (Server-Timing: kube = waiting on the Kubernetes API; facade = total - kube)%n%n");
        System.out.printf("| endpoint | clients | total p50 ms | total p99 ms | kube p50 ms | kube p99 ms | facade p50 ms | facade p99 ms |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|---:|---:|%n");
        splits.forEach(System.out::println);
        System.out.printf("%nThe load generator's own cost while measuring (%s client; its JVM's allocation and collections)%n%n",
                useJdkClient ? "JDK HttpClient" : "socket");
        System.out.printf("| endpoint | clients | %s |%n", OwnCost.HEADER);
        System.out.printf("|---|---:|---:|---:|---:|---:|%n");
        ownCosts.forEach(System.out::println);
    }

    void measureAll(String label, List<Integer> concurrencies, int seconds, int expectedStatus,
                            IntFunction<Call> callFor) throws Exception {
        for (int c : concurrencies) {
            measure(label, c, seconds, expectedStatus, 0, callFor);
        }
    }

    /**
     * The row at the fixed offered rates of {@code --<row>-rate} (comma-separated, none by default), each by the
     * client counts of {@code --<row>-rate-concurrency} (default 32); a latency counts from the request's scheduled
     * time.
     */
    void measureAtRates(String label, Map<String, String> opt, String row, int seconds, int expectedStatus,
                                IntFunction<Call> callFor) throws Exception {
        for (String rate : opt.getOrDefault(row + "-rate", "").split(",")) {
            if (!rate.isBlank()) {
                for (String c : opt.getOrDefault(row + "-rate-concurrency", "32").split(",")) {
                    measure(label + " @ " + rate.trim() + "/s offered", Integer.parseInt(c.trim()), seconds,
                            expectedStatus, Integer.parseInt(rate.trim()), callFor);
                }
            }
        }
    }

    /** @param rate requests per second offered by all clients together; 0: closed loop (each as fast as it can) */
    private void measure(String label, int clients, int seconds, int expectedStatus, int rate,
                         IntFunction<Call> callFor) throws Exception {
        if (warmupSeconds > 0) {
            runLoad(clients, warmupSeconds, expectedStatus, rate, callFor);
        }
        // the load generator's long-lived objects (histograms, prepared requests) moved out of the young generation
        // before the clock starts, so that none of its collections while measuring has them to copy
        histograms(totals, clients);
        histograms(kubes, clients);
        histograms(facades, clients);
        System.gc();
        Thread.sleep(200); // its notification arrives on another thread: not to be counted in the run
        OwnCost.Mark mark = OwnCost.mark();
        Result r = runLoad(clients, seconds, expectedStatus, rate, callFor);
        Histogram h = r.histogram;
        System.out.printf("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d |%n", label, clients, h.getTotalCount(),
                h.getTotalCount() / (r.elapsedNanos / 1e9), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), r.errors);
        splits.add(String.format("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", label, clients,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(r.kube.getValueAtPercentile(50)), ms(r.kube.getValueAtPercentile(99)),
                ms(r.facade.getValueAtPercentile(50)), ms(r.facade.getValueAtPercentile(99))));
        ownCosts.add("| %s | %d | %s |".formatted(label, clients, mark.since(h.getTotalCount())));
    }

    /** @param kube the Kubernetes share the facade reported per request; facade: total minus that */
    private record Result(Histogram histogram, Histogram kube, Histogram facade, long elapsedNanos, int errors) {
    }

    /** Nanoseconds of {@code kube;dur=<ms>} in a Server-Timing header; 0 without one. */
    static long kubeNanos(String serverTiming) {
        int at = serverTiming.indexOf("kube;dur=");
        if (at < 0) {
            return 0;
        }
        int from = at + "kube;dur=".length();
        int to = serverTiming.indexOf(',', from);
        return Math.round(Double.parseDouble(serverTiming.substring(from, to < 0 ? serverTiming.length() : to)) * 1e6);
    }

    /** One closed-loop worker: sends a call, reads the whole response, records the time, and again. */
    private interface Worker extends AutoCloseable {
        /** Encodes the next call (before the clock starts). */
        void prepare(Call call);

        /** Sends the prepared call and reads its whole response; returns the kube nanoseconds it reported. */
        long exchange(int expectedStatus, AtomicInteger errors) throws IOException, InterruptedException;

        @Override
        default void close() {
        }
    }

    private Worker worker() {
        if (useJdkClient) {
            return new Worker() {
                private HttpRequest next;

                @Override
                public void prepare(Call call) {
                    next = target.jdkRequest(call);
                }

                @Override
                public long exchange(int expectedStatus, AtomicInteger errors) throws IOException, InterruptedException {
                    HttpResponse<byte[]> r = target.http.send(next, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != expectedStatus) {
                        errors.incrementAndGet();
                    }
                    return r.headers().firstValue("Server-Timing").map(LoadRun::kubeNanos).orElse(0L);
                }
            };
        }
        Http1Connection connection = new Http1Connection(target.address);
        return new Worker() {
            private byte[] next;

            @Override
            public void prepare(Call call) {
                next = target.wireRequestOf(call);
            }

            @Override
            public long exchange(int expectedStatus, AtomicInteger errors) throws IOException {
                Http1Connection.Response r = connection.exchange(next);
                // a success the facade answers has a JSON body (a 202 of a create too)
                if (r.status() != expectedStatus || r.bodyLength() == 0) {
                    errors.incrementAndGet();
                }
                return r.kubeNanos();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /**
     * @param rate 0: each worker sends its next call when it has read the last response (closed loop); otherwise
     *             the workers together offer {@code rate} calls a second, each on its own schedule (worker t's k-th
     *             call at start + (k * clients + t) / rate), and a call's latency counts from its scheduled time, so
     *             that a worker held up by a slow response does not hide the delay its next calls suffer
     */
    private Result runLoad(int clients, int seconds, int expectedStatus, int rate, IntFunction<Call> callFor)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger errors = new AtomicInteger();
        List<Histogram> perThread = histograms(totals, clients);
        List<Histogram> kubePerThread = histograms(kubes, clients);
        List<Histogram> facadePerThread = histograms(facades, clients);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            long period = rate > 0 ? 1_000_000_000L / rate : 0;
            for (int t = 0; t < clients; t++) {
                long first = start + t * period;
                Histogram h = perThread.get(t);
                Histogram kube = kubePerThread.get(t);
                Histogram facade = facadePerThread.get(t);
                futures.add(pool.submit(() -> {
                    try (Worker worker = worker()) {
                        int i = 0;
                        while (System.nanoTime() < end) {
                            worker.prepare(callFor.apply(i));
                            long t0;
                            if (period > 0) {
                                // from the scheduled time to the last byte of the response read
                                t0 = first + (long) i * clients * period;
                                long wait = t0 - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                            } else {
                                // from the first byte sent to the last byte of the response read
                                t0 = System.nanoTime();
                            }
                            i++;
                            long kubeNanos = 0;
                            try {
                                kubeNanos = worker.exchange(expectedStatus, errors);
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            }
                            long total = System.nanoTime() - t0;
                            h.recordValue(total);
                            kube.recordValue(kubeNanos);
                            facade.recordValue(Math.max(0, total - kubeNanos));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        long elapsed = System.nanoTime() - start;
        return new Result(merged(perThread), merged(kubePerThread), merged(facadePerThread), elapsed, errors.get());
    }

    /**
     * The first {@code clients} histograms of a pool, reset: made once and reused by every run, so that the load
     * generator's collections do not copy a few hundred KB of counts per worker again and again while it measures.
     */
    private static List<Histogram> histograms(List<Histogram> pool, int clients) {
        while (pool.size() < clients) {
            pool.add(new Histogram(60_000_000_000L, 3));
        }
        List<Histogram> used = pool.subList(0, clients);
        used.forEach(Histogram::reset);
        return used;
    }

    private static Histogram merged(List<Histogram> perThread) {
        Histogram all = new Histogram(60_000_000_000L, 3);
        perThread.forEach(all::add);
        return all;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

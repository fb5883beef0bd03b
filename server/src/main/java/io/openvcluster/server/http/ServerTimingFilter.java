package io.openvcluster.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.openvcluster.server.kube.client.KubeWaits;
import io.openvcluster.server.observe.FacadeMeters;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Says on every response where its time went, as a standard {@code Server-Timing} header:
 * {@code kube;dur=<ms>, app;dur=<ms>}, the time spent waiting on the Kubernetes API and the rest of the facade's
 * handling (from this filter, the first, to the response being sent). The budget for accepting a create is 20 ms
 * p99 excluding Kubernetes write latency (docs/benchmarks.md, "Budgets"): {@code app} is that part as the facade
 * sees it; the bench reports its client's total minus {@code kube}, which also holds the network. Clients that do
 * not know the header ignore it; browsers' developer tools show it.
 */
final class ServerTimingFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        // what the access line needs, taken before the response goes (the request's state goes with it)
        AtomicReference<Optional<RequestContext.State>> state = new AtomicReference<>(Optional.empty());
        AtomicLong kubeNanos = new AtomicLong();
        try (KubeWaits waits = KubeWaits.begin()) {
            res.beforeSend(() -> {
                long kube = waits.nanos();
                kubeNanos.set(kube);
                state.set(RequestContext.stateIfAny(req));
                res.header(Headers.SERVER_TIMING, value(kube, System.nanoTime() - started - kube));
            });
            chain.proceed();
        } finally {
            long total = System.nanoTime() - started;
            // one access line per request, once it is answered (docs/operators-guide.md, "Logs"), and its meter
            AccessLog.sent(req, res, state.get(), kubeNanos.get(), total);
            FacadeMeters.apiRequest(req.prologue().method().text(), req.matchingPattern().orElse("unmatched"),
                    res.status().code(), total);
        }
    }

    /** {@code kube;dur=1.234, app;dur=0.567}: milliseconds with three decimals (microseconds), cheaply formatted. */
    static String value(long kubeNanos, long appNanos) {
        StringBuilder value = new StringBuilder(40).append("kube;dur=");
        millis(value, kubeNanos);
        value.append(", app;dur=");
        millis(value, Math.max(0, appNanos));
        return value.toString();
    }

    private static void millis(StringBuilder out, long nanos) {
        long micros = nanos / 1_000;
        long fraction = micros % 1_000;
        out.append(micros / 1_000).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        out.append(fraction);
    }
}

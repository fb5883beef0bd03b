package io.openvcluster.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.BoundedMemo;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.MicroversionRange;
import io.openvcluster.api.view.Links;
import io.openvcluster.server.identity.Caller;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * What the filters learned about a request (request id, microversion, caller), and where the client reached us.
 */
public final class RequestContext {
    /** A Host header we are willing to copy into links: host name or address, optional port. */
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9._\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    /**
     * Links by Host header: clients reach the facade under a handful of names, and every view needs its links, so each
     * name is checked and joined once. Empty for a Host header we do not copy (links then name the listener).
     */
    private static final BoundedMemo<String, Optional<Links>> LINKS_BY_HOST = new BoundedMemo<>(256,
            host -> safeHost(Optional.of(host)).map(safe -> Links.of("http://" + safe)));

    /**
     * The state of the request the calling thread serves. Helidon runs a request's filters, its handler and its error
     * handler on one (virtual) thread, so a thread local holds it (as {@code KubeWaits}): kept in Helidon's request
     * context, it made that context (a registry and its lists, about 570 bytes) on every request, 3.5 % of what a
     * {@code GET /servers/{id}} allocates. It is dropped when the response has been sent, and a state names its
     * request, so a thread never hands one request's state to another.
     */
    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();
    private static final Runnable FORGET = CURRENT::remove;

    private RequestContext() {
    }

    /**
     * What the filters learned about one request, made by the request id filter and filled in by the filters that
     * follow on the request's thread before its handler runs.
     */
    static final class State {
        private final ServerRequest request;
        private final String requestId;
        private Optional<Microversion> microversion = Optional.empty();
        private Optional<Caller> caller = Optional.empty();

        private State(ServerRequest request, String requestId) {
            this.request = request;
            this.requestId = requestId;
        }

        String requestId() {
            return requestId;
        }

        void microversion(Microversion negotiated) {
            microversion = Optional.of(negotiated);
        }

        void caller(Caller authenticated) {
            caller = Optional.of(authenticated);
        }

        Optional<Caller> callerIfAny() {
            return caller;
        }
    }

    /**
     * {@code req-<uuid4>}, as Nova's. The id only has to be unique, not unguessable: it comes from
     * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose shared SecureRandom every request
     * thread would otherwise queue on.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return "req-" + new UUID(msb, lsb);
    }

    /** A new request's state, with a new request id, held until its response has been sent. */
    static State begin(ServerRequest req, ServerResponse res) {
        State state = new State(req, newRequestId());
        CURRENT.set(state);
        res.whenSent(FORGET);
        return state;
    }

    /** The request's state, if one was begun for it on this thread (none once its response was sent). */
    static Optional<State> stateIfAny(ServerRequest req) {
        State state = CURRENT.get();
        return state != null && state.request == req ? Optional.of(state) : Optional.empty();
    }

    /** The request's state, made here if the request id filter did not run. */
    static State state(ServerRequest req) {
        State state = CURRENT.get();
        if (state == null || state.request != req) {
            state = new State(req, newRequestId());
            CURRENT.set(state);
        }
        return state;
    }

    /** {@code http://<Host header>}; without a usable Host header, the address of the listener. */
    public static String baseUrl(ServerRequest req) {
        return "http://" + safeHost(req.headers().first(HeaderNames.HOST)).orElseGet(() -> listenerAddress(req));
    }

    private static Optional<String> safeHost(Optional<String> hostHeader) {
        return hostHeader.map(String::strip).filter(h -> SAFE_HOST.matcher(h).matches());
    }

    private static String listenerAddress(ServerRequest req) {
        String host = req.localPeer().host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + req.localPeer().port();
    }

    /** Links for views, from the base URL the client used. */
    public static Links links(ServerRequest req) {
        return req.headers().first(HeaderNames.HOST).flatMap(LINKS_BY_HOST::get)
                .orElseGet(() -> Links.of(baseUrl(req)));
    }

    /** The request id given to this request by the request id filter (one is made up if the filter did not run). */
    public static String requestId(ServerRequest req) {
        return state(req).requestId;
    }

    /** The negotiated compute microversion; 2.1 outside compute. */
    public static Microversion microversion(ServerRequest req) {
        return negotiatedMicroversion(req).orElse(MicroversionRange.MIN);
    }

    /** The microversion the microversion filter negotiated; empty outside compute or when negotiation failed. */
    static Optional<Microversion> negotiatedMicroversion(ServerRequest req) {
        return state(req).microversion;
    }

    /** The authenticated caller; the authentication filter guarantees one on protected paths. */
    public static Caller caller(ServerRequest req) {
        return state(req).caller.orElseThrow(() -> new UnauthenticatedException());
    }

    static void requireAdmin(Caller caller, String policy) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + policy + " to be performed.");
        }
    }
}

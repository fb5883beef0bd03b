package io.openvcluster.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.Method;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.openvcluster.api.VersionDocuments;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.ImageTransferLimits;
import io.openvcluster.server.identity.FederationNames;
import io.openvcluster.server.identity.IdentityProvider;
import io.openvcluster.server.identity.TokenService;
import io.openvcluster.server.work.RequestDeadlines;

/**
 * All of the OpenStack API on one routing: Keystone at /identity, Nova at /compute, Glance at /image, with the
 * request id, microversion and authentication filters and the error mapping. Main and the tests share it;
 * Main adds health.
 */
public final class ApiRouting {
    private ApiRouting() {
    }

    public static void register(HttpRouting.Builder routing, Domain domain, IdentityProvider identity,
                                TokenService tokens) {
        register(routing, domain, identity, tokens, FederationNames.DEFAULT);
    }

    /** @param federation the identity provider and protocol names of the OIDC federation URL */
    public static void register(HttpRouting.Builder routing, Domain domain, IdentityProvider identity,
                                TokenService tokens, FederationNames federation) {
        register(routing, domain, identity, tokens, federation, RequestDeadlines.defaults());
    }

    /** @param deadlines how long a read and a write may run before the answer is 503 */
    public static void register(HttpRouting.Builder routing, Domain domain, IdentityProvider identity,
                                TokenService tokens, FederationNames federation, RequestDeadlines deadlines) {
        // first, so that its time covers the other filters too
        routing.addFilter(new ServerTimingFilter())
                .addFilter(new RequestIdFilter())
                .addFilter(new RequestBoundsFilter(deadlines, domain.catalog().imageTransferDeadline()))
                .addFilter(new MicroversionFilter())
                .addFilter(new AuthFilter(tokens));
        beforeMetricsScrape(routing, domain.projectMeters()::refresh);
        ErrorMapper.register(routing);
        IdentityService identityService = new IdentityService(identity, tokens, federation);
        routing.register("/identity", identityService)
                .register("/compute", new ComputeVersionsService());
        routing.register("/compute/v2.1",
                new ServersService(domain.servers()),
                new ServerMetadataService(domain.attributes()),
                new ServerTagsService(domain.attributes()),
                new ServerPasswordService(domain.attributes()),
                new InstanceActionsService(domain.servers()),
                new ServerDiagnosticsService(domain.diagnostics()),
                new CrashDumpsService(domain.servers()),
                new FlavorsService(domain.catalog()),
                new NovaImagesService(domain.catalog()),
                new RemoteConsolesService(domain.consoles()),
                new QuotaSetsService(domain.quotas()),
                new LimitsService(domain.quotas()),
                new KeyPairsService(domain.keyPairs()),
                new ServerExternalEventsService(),
                new UsageAuditLogService(domain.servers(), domain.fleet()),
                new SimpleTenantUsageService(domain.servers()),
                new SecurityGroupsService(domain.securityGroups()),
                new ComputeServicesService(domain.fleet()),
                new HypervisorsService(domain.fleet()),
                new HostsService(domain.fleet()),
                new AggregatesService(),
                new ServerGroupsService(domain.serverGroups()),
                new NotServedService(),
                new ComputeMiscService(domain.fleet()));
        routing.register(ConsoleDownloadService.PATH, new ConsoleDownloadService(domain.consoles()));
        routing.register("/image", new ImagesService(domain.catalog()));
        // keystoneauth may discover identity at the root when the auth_url has no path
        routing.get("/", (req, res) -> Responses.json(res, 300,
                VersionDocuments.identityVersions(RequestContext.baseUrl(req))));
    }

    /**
     * Reads answered while the informer caches are stale beyond the bound name the caches' age in
     * {@code X-OpenVCluster-Cache-Age} (whole seconds). A response header, not a body field: Nova's response schemas
     * stay exactly as clients validate them, and clients that do not know the header ignore it.
     */
    public static void reportCacheAge(HttpRouting.Builder routing, CacheStaleness staleness) {
        routing.addFilter((chain, req, res) -> {
            Method method = req.prologue().method();
            if (method == Method.GET || method == Method.HEAD) {
                staleness.stale().ifPresent(age -> res.header(Headers.CACHE_AGE, String.valueOf(age.toSeconds())));
            }
            chain.proceed();
        });
    }

    /**
     * Runs {@code refresh} before each scrape of {@code /observe/metrics}, so that gauges counted from the caches (the
     * projects' servers and quotas) are counted once per scrape and new projects show in the scrape that finds them.
     */
    static void beforeMetricsScrape(HttpRouting.Builder routing, Runnable refresh) {
        routing.addFilter((chain, req, res) -> {
            if (req.prologue().method() == Method.GET && METRICS_PATH.equals(req.path().path())) {
                refresh.run();
            }
            chain.proceed();
        });
    }

    /** Where Helidon's metrics observer serves the meters in Prometheus' text format. */
    public static final String METRICS_PATH = "/observe/metrics";

    /**
     * The longest request line (method, path and query) read: Nova's own WSGI server reads up to 8 KiB and answers
     * 414 beyond, and so does Helidon with this.
     */
    public static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /** All header lines of a request together; beyond, Helidon answers 400 before any route runs, as Nova does. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    /**
     * The server settings the API relies on: JSON request bodies above 1 MiB are refused with 413 ({@link JsonBodies}
     * stops reading there), image uploads above their limit likewise (the spool does), request lines and headers are bounded ({@link #MAX_REQUEST_LINE_BYTES},
     * {@link #MAX_HEADER_BYTES}), responses go out without Nagle's delay, and the errors Helidon answers itself get
     * the services' fault bodies.
     */
    public static void configure(WebServerConfig.Builder server) {
        configure(server, ImageTransferLimits.defaults().maxUploadBytes());
    }

    /**
     * @param maxUploadBytes the largest image upload ({@code OVC_IMAGE_UPLOAD_MAX_MIB}): Helidon's bound on every
     *                       body is the larger of it and the JSON bound, which {@link JsonBodies} enforces itself
     */
    public static void configure(WebServerConfig.Builder server, long maxUploadBytes) {
        server.maxPayloadSize(Math.max(JsonBodies.MAX_BYTES, maxUploadBytes));
        server.addProtocol(Http1Config.builder()
                .maxPrologueLength(MAX_REQUEST_LINE_BYTES)
                .maxHeadersSize(MAX_HEADER_BYTES)
                .build());
        // Without TCP_NODELAY (Helidon's default) the last segment of a response written in several parts waits for
        // the client's acknowledgement of the previous ones, which a client may delay by up to 40 ms: the p99 of a
        // detail page of 1,000 servers sat at 44-52 ms while its median was 3-5 ms (docs/benchmarks.md).
        server.connectionOptions(options -> options.tcpNoDelay(true));
        FaultDirectHandler faults = new FaultDirectHandler();
        server.directHandlers(handlers -> {
            for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                handlers.addHandler(type, faults);
            }
        });
    }
}

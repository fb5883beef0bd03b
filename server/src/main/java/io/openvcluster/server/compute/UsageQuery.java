package io.openvcluster.server.compute;

import java.time.Instant;
import java.util.Optional;

/**
 * What an {@code os-simple-tenant-usage} request asks for.
 *
 * @param start  the period's beginning; the time of the request when absent
 * @param end    its end; the time of the request when absent (and later ends are cut to it)
 * @param limit  at most so many servers counted on this page ({@code limit} from 2.40; 1,000 at most, as Nova)
 * @param marker the page starts after this server, in the order counted (project, then server id; from 2.40)
 */
public record UsageQuery(Optional<Instant> start, Optional<Instant> end, int limit, Optional<String> marker) {
}

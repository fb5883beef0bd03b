package io.openvcluster.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.openvcluster.api.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox API server's ClusterIP allocator. A Kubernetes API server gives a Service its cluster IP while it
 * handles the create, so the create's answer carries it (the facade's first status of a server takes the address
 * from there); fabric8's mock stores what it is sent. This fills {@code spec.clusterIP} and {@code spec.clusterIPs}
 * of a Service created without one, from 10.96.0.0/16, a kubeadm cluster's default service range. A headless Service
 * ({@code clusterIP: None}) and an {@code ExternalName} one keep what they have; a body that is not a JSON object is
 * passed on for the mock to answer.
 */
final class ServiceIpAllocator {
    private final AtomicInteger next = new AtomicInteger(1);

    /**
     * The request as the mock should store it: a Service create given an address, anything else unchanged.
     *
     * @param scope what the dispatcher made of the request's path
     */
    RecordedRequest assigned(RecordedRequest request, Optional<ScopedObjectStore.Scope> scope) {
        boolean serviceCreate = scope.filter(s -> s.plural().equals("services") && s.name().isEmpty()).isPresent();
        if (!serviceCreate || request.getBody() == null) {
            return request;
        }
        // getBytes() leaves the body to be read again (getUtf8Body() would consume it for the mock)
        return withAddress(request.getBody().getBytes()).map(body -> new RecordedRequest(request.getHttpVersion(),
                request.method(), request.getPath(), request.getHeaders(), new Buffer(body))).orElse(request);
    }

    /** The body with an address, or empty when it needs none (or is not a Service's JSON). */
    private Optional<byte[]> withAddress(byte[] body) {
        try {
            JsonNode service = Json.MAPPER.readTree(body);
            if (!(service instanceof ObjectNode object) || !(object.get("spec") instanceof ObjectNode spec)) {
                return Optional.empty();
            }
            JsonNode ip = spec.get("clusterIP");
            if ((ip != null && !ip.asText().isEmpty()) || "ExternalName".equals(spec.path("type").asText())) {
                return Optional.empty();
            }
            String address = nextAddress();
            spec.put("clusterIP", address);
            spec.putArray("clusterIPs").add(address);
            return Optional.of(Json.MAPPER.writeValueAsBytes(object));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String nextAddress() {
        int n = next.getAndIncrement();
        return "10.96." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }
}

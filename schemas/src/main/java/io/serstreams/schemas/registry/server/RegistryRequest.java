package io.serstreams.schemas.registry.server;

import java.util.List;
import java.util.Map;

/** An HTTP request to the registry as its routes see it: the method, the decoded path segments, the query parameters, the body. */
record RegistryRequest(String method, List<String> path, Map<String, String> query, byte[] body) {

    RegistryRequest {
        path = List.copyOf(path);
        query = Map.copyOf(query);
    }

    /** Whether the query sets {@code name=true}. */
    boolean flag(String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }

    /** A query parameter, or {@code fallback} when absent. */
    String parameter(String name, String fallback) {
        return query.getOrDefault(name, fallback);
    }
}

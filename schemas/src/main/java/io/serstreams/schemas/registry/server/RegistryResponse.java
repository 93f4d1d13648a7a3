package io.serstreams.schemas.registry.server;

/** A response body with its status. Plain strings go out as they are; everything else as JSON. */
record RegistryResponse(int status, Object body) {

    static RegistryResponse ok(Object body) {
        return new RegistryResponse(200, body);
    }
}

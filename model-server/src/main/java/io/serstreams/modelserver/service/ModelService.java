package io.serstreams.modelserver.service;

import io.micronaut.runtime.Micronaut;

import java.util.Arrays;

/** {@code ./ser serve-model}: the model over HTTP. Settings in application.yml, overridable by environment. */
public final class ModelService {
    private ModelService() {
    }

    public static void main(String[] args) {
        // The launcher passes its command name first; Micronaut reads only --key=value arguments.
        String[] rest = args.length > 0 && args[0].equals("serve-model") ? Arrays.copyOfRange(args, 1, args.length) : args;
        Micronaut.build(rest).mainClass(ModelService.class).banner(false).start();
    }
}

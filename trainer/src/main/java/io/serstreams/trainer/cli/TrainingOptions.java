package io.serstreams.trainer.cli;

import picocli.CommandLine.Option;

/** Options of a training run, shared by the commands that train. */
final class TrainingOptions {
    @Option(names = "--steps", defaultValue = "1500", description = "Optimiser steps per model (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Segments per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pretrain-steps", defaultValue = "600",
            description = "Steps of speaker-gender pre-training of the transferred path before it is frozen; 0 trains it from scratch with the rest (default: ${DEFAULT-VALUE}).")
    int pretrainSteps;
}

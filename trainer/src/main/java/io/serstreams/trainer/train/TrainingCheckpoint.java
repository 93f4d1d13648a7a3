package io.serstreams.trainer.train;

import io.serstreams.trainer.data.DataException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training run's state after {@code step} optimiser steps: every parameter's values and the
 * optimiser's moments, by parameter name. Written atomically (a temporary file moved into place),
 * so a run killed while saving leaves the previous checkpoint intact.
 */
public record TrainingCheckpoint(int step, Map<String, float[]> parameters, Map<String, ResumableAdam.Moments> optimizer) {
    private static final int MAGIC = 0x53455243; // "SERC"
    private static final int VERSION = 1;

    public void write(Path file) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(step);
            out.writeInt(parameters.size());
            for (var entry : parameters.entrySet()) {
                out.writeUTF(entry.getKey());
                writeFloats(out, entry.getValue());
                ResumableAdam.Moments moments = optimizer.get(entry.getKey());
                out.writeInt(moments == null ? 0 : moments.updates());
                if (moments != null) {
                    writeFloats(out, moments.mean());
                    writeFloats(out, moments.variance());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move checkpoint into place at " + file, e);
        }
    }

    public static TrainingCheckpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("no checkpoint at " + file);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new DataException(file + " is not a version " + VERSION + " SER Streams training checkpoint");
            }
            int step = in.readInt();
            int count = in.readInt();
            Map<String, float[]> parameters = new LinkedHashMap<>();
            Map<String, ResumableAdam.Moments> optimizer = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                parameters.put(name, readFloats(in));
                int updates = in.readInt();
                if (updates > 0) {
                    optimizer.put(name, new ResumableAdam.Moments(updates, readFloats(in), readFloats(in)));
                }
            }
            return new TrainingCheckpoint(step, parameters, optimizer);
        } catch (EOFException e) {
            throw new DataException("checkpoint " + file + " is truncated");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}

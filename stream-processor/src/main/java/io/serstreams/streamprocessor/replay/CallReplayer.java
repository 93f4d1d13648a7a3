package io.serstreams.streamprocessor.replay;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.errors.ErrorText;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Produces calls' chunks to {@code audio.chunks} as live calls would send them: all calls at once,
 * each chunk when its audio would have been captured (divided by {@code speed}; 0 sends at once).
 */
public final class CallReplayer {
    private final Producer<String, byte[]> producer;
    private final Serializer<AudioChunk> serializer;
    private final String topic;

    /** Told how far each call has got. */
    public interface Progress {
        void update(String callId, double sentSeconds, double totalSeconds);

        Progress NONE = (callId, sent, total) -> {
        };
    }

    public CallReplayer(Producer<String, byte[]> producer, Serializer<AudioChunk> serializer, String topic) {
        this.producer = producer;
        this.serializer = serializer;
        this.topic = topic;
    }

    private record Timed(long offsetMillis, int call, AudioChunk chunk) {
    }

    /** Sends every chunk of {@code calls}; returns when all are acknowledged. */
    public void replay(List<CallRecording> calls, double speed, Progress progress) throws InterruptedException {
        List<Timed> timeline = new ArrayList<>();
        for (int c = 0; c < calls.size(); c++) {
            for (List<AudioChunk> channel : calls.get(c).channels()) {
                long start = channel.get(0).getCaptureTime().toEpochMilli();
                for (AudioChunk chunk : channel) {
                    long end = chunk.getCaptureTime().toEpochMilli() - start + chunkMillis(chunk);
                    timeline.add(new Timed(end, c, chunk));
                }
            }
        }
        // A chunk goes out once its last sample has been "captured"; ties keep call and channel order.
        timeline.sort(Comparator.comparingLong(Timed::offsetMillis));
        long t0 = System.currentTimeMillis();
        List<Future<?>> sent = new ArrayList<>();
        for (Timed t : timeline) {
            if (speed > 0) {
                long due = t0 + (long) (t.offsetMillis() / speed);
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            AudioChunk chunk = t.chunk();
            sent.add(producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), chunk.getCallId(), serializer.serialize(topic, chunk))));
            CallRecording call = calls.get(t.call());
            progress.update(call.callId(), Math.min(call.durationSeconds(), t.offsetMillis() / 1000.0), call.durationSeconds());
        }
        producer.flush();
        for (Future<?> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not send a chunk to " + topic + ": " + ErrorText.of(e.getCause()), e.getCause());
            }
        }
    }

    private static long chunkMillis(AudioChunk chunk) {
        int bytesPerSample = switch (chunk.getEncoding()) {
            case PCM16LE -> 2;
            case FLOAT32LE -> 4;
            case MULAW, ALAW -> 1;
        };
        return chunk.getPayload().remaining() / bytesPerSample * 1000L / chunk.getSampleRate();
    }
}

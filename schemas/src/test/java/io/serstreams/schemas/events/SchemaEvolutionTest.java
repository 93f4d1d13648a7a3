package io.serstreams.schemas.events;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.serde.TrustedAvroPackage;
import io.serstreams.schemas.testkit.RandomRecords;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event schema reads records written with each of its released versions (see
 * {@code schema-history/README.md}): checked by Avro's compatibility rules and by decoding random records.
 */
class SchemaEvolutionTest {

    static Stream<Class<? extends SpecificRecordBase>> events() {
        return Stream.of(AudioChunk.class, SegmentFeatures.class, EmotionEvent.class, CallEmotionSummary.class, EmotionAlert.class,
                DomainProfileState.class);
    }

    private static List<Schema> released(Class<?> type) throws IOException {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/schema-history/" + type.getSimpleName() + "/v" + v + ".avsc")) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecordBase> type) throws Exception {
        TrustedAvroPackage.install();
        Schema current = SpecificData.get().getSchema(type);
        List<Schema> history = released(type);
        assertThat(history).as("released versions of " + type.getSimpleName()).isNotEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.violations(current, history)).isEmpty();

        RandomRecords random = new RandomRecords(42);
        for (Schema writer : history) {
            for (int i = 0; i < 25; i++) {
                GenericRecord written = (GenericRecord) random.next(writer);
                byte[] bytes = encode(written);

                GenericRecord asCurrent = new GenericDatumReader<GenericRecord>(writer, current)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
                for (Schema.Field field : current.getFields()) {
                    Schema.Field old = writer.getField(field.name());
                    if (old != null && old.schema().equals(field.schema())) {
                        assertThat(GenericData.get().compare(written.get(old.name()), asCurrent.get(field.name()), field.schema()))
                                .as(type.getSimpleName() + "." + field.name()).isZero();
                    }
                }
                Object specific = new SpecificDatumReader<>(writer, current, SpecificData.getForClass(type))
                        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
                assertThat(specific).isInstanceOf(type);
            }
        }
    }

    @Test
    void aBreakingChangeWouldBeCaught() throws Exception {
        Schema current = AudioChunk.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>(current.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList());
        fields.add(new Schema.Field("codecProfile", Schema.create(Schema.Type.STRING), "required, no default", (Object) null));
        Schema breaking = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.violations(breaking, released(AudioChunk.class)))
                .singleElement().asString().contains("codecProfile");
    }

    @Test
    void segmentFeaturesGainedTheEncoderLogMelWithoutBreakingRecordsOfTheReleasedVersion() throws Exception {
        TrustedAvroPackage.install();
        Schema current = SegmentFeatures.getClassSchema();
        Schema v1 = released(SegmentFeatures.class).get(0);
        assertThat(v1.getField("encoderLogMel")).as("v1 is the release before the field").isNull();
        RandomRecords random = new RandomRecords(7);
        for (int i = 0; i < 10; i++) {
            // A record of the released version reads with the field absent.
            GenericRecord old = (GenericRecord) random.next(v1);
            GenericRecord asCurrent = new GenericDatumReader<GenericRecord>(v1, current).read(null,
                    DecoderFactory.get().binaryDecoder(encode(old), null));
            assertThat(asCurrent.get("encoderLogMel")).isNull();

            // A current record, with the field set, still reads for a consumer on the released version.
            GenericRecord fresh = (GenericRecord) random.next(current);
            GenericRecord asReleased = new GenericDatumReader<GenericRecord>(current, v1).read(null,
                    DecoderFactory.get().binaryDecoder(encode(fresh), null));
            assertThat(asReleased.get("callId").toString()).isEqualTo(fresh.get("callId").toString());
        }
        assertThat(CompatibilityLevel.FORWARD.violations(current, List.of(v1))).isEmpty();
    }

    @Test
    void emotionEventGainedSpeechSoRecordsOfTheReleasedVersionReadAsSpeechAndOldReadersStillReadNewRecords() throws Exception {
        TrustedAvroPackage.install();
        Schema current = EmotionEvent.getClassSchema();
        Schema v1 = released(EmotionEvent.class).get(0);
        assertThat(v1.getField("speech")).as("v1 is the release before the field").isNull();
        RandomRecords random = new RandomRecords(11);
        for (int i = 0; i < 10; i++) {
            // A record written before: it was an emotion reading of speech, and reads as one, with no reason.
            GenericRecord old = (GenericRecord) random.next(v1);
            EmotionEvent asCurrent = new SpecificDatumReader<EmotionEvent>(v1, current, SpecificData.getForClass(EmotionEvent.class))
                    .read(null, DecoderFactory.get().binaryDecoder(encode(old), null));
            assertThat(asCurrent.getSpeech()).isTrue();
            assertThat(asCurrent.getNoSpeechReason()).isNull();
            assertThat(asCurrent.getEmotion().toString()).isEqualTo(old.get("emotion").toString());

            // A new record without speech still reads for a consumer on the released version, whose emotion then says none.
            GenericRecord fresh = (GenericRecord) random.next(current);
            fresh.put("speech", false);
            fresh.put("noSpeechReason", "no voice pitch: noise or music");
            fresh.put("emotion", "none");
            GenericRecord asReleased = new GenericDatumReader<GenericRecord>(current, v1).read(null,
                    DecoderFactory.get().binaryDecoder(encode(fresh), null));
            assertThat(asReleased.get("emotion").toString()).isEqualTo("none");
            assertThat(asReleased.get("callId").toString()).isEqualTo(fresh.get("callId").toString());
        }
        // What a registry checks when the new version is registered over the released one, in both directions.
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.violations(current, List.of(v1))).isEmpty();
    }

    @Test
    void emotionEventGainedTheDomainProfileSoEveryReleasedVersionReadsAsTheTrainingPoolAndOldReadersStillReadNewRecords() throws Exception {
        TrustedAvroPackage.install();
        Schema current = EmotionEvent.getClassSchema();
        List<Schema> history = released(EmotionEvent.class);
        assertThat(history).as("v1 and v2 are releases before the field").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(released -> assertThat(released.getField("domainProfile")).isNull());
        RandomRecords random = new RandomRecords(13);
        for (Schema released : history) {
            for (int i = 0; i < 10; i++) {
                // A record written before: its segment was standardised by the training pool, and it reads so.
                GenericRecord old = (GenericRecord) random.next(released);
                EmotionEvent asCurrent = new SpecificDatumReader<EmotionEvent>(released, current, SpecificData.getForClass(EmotionEvent.class))
                        .read(null, DecoderFactory.get().binaryDecoder(encode(old), null));
                assertThat(asCurrent.getDomainProfile()).isNull();
                assertThat(asCurrent.getModelVersion().toString()).isEqualTo(old.get("modelVersion").toString());

                // A new record made with a domain's profile still reads for a consumer on a released version.
                GenericRecord fresh = (GenericRecord) random.next(current);
                fresh.put("domainProfile", "tenant=acme");
                GenericRecord asReleased = new GenericDatumReader<GenericRecord>(current, released).read(null,
                        DecoderFactory.get().binaryDecoder(encode(fresh), null));
                assertThat(asReleased.get("callId").toString()).isEqualTo(fresh.get("callId").toString());
                assertThat(asReleased.get("modelVersion").toString()).isEqualTo(fresh.get("modelVersion").toString());
            }
        }
        // What a registry set to FULL_TRANSITIVE checks when the new version is registered over the released ones.
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.violations(current, history)).isEmpty();
    }

    private static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

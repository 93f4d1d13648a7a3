// Third-party clients against the embedded application: kafkajs and @kafkajs/confluent-schema-registry.
// Usage: node interop.mjs BROKER REGISTRY_URL REPLAYED_CALL EXPECTED_EVENTS NEW_CALL PCM16_FILE SAMPLE_RATE
// Prints one JSON line with what it saw (stdout); progress and errors go to stderr.
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const [broker, registryUrl, replayedCall, expectedText, newCall, pcmFile, rateText] = process.argv.slice(2);
if (!rateText) {
  console.error('usage: node interop.mjs BROKER REGISTRY_URL REPLAYED_CALL EXPECTED_EVENTS NEW_CALL PCM16_FILE SAMPLE_RATE');
  process.exit(2);
}
const expected = Number(expectedText);
const deadline = Date.now() + 120_000;
const registry = new SchemaRegistry({ host: registryUrl });
const kafka = new Kafka({ clientId: 'interop-test', brokers: [broker], logLevel: logLevel.WARN });
const result = { replayed: [], produced: [], registry: {} };

/** The registry's REST API for what the client library does not offer (deletes, listings). */
async function rest(method, path, body) {
  const response = await fetch(registryUrl + path, {
    method,
    headers: { Accept: 'application/vnd.schemaregistry.v1+json', 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, reason: response.statusText, body: await response.json() };
}

function summary(event) {
  return { segmentIndex: event.segmentIndex, channel: event.channel.index, emotion: event.emotion,
    probabilities: event.probabilities.map((p) => [p.label, p.probability]) };
}

// 1. Produce one chunk of a new call, encoded with AudioChunk's registered schema.
const chunkSchemaId = await registry.getLatestSchemaId('audio.chunks-value');
const chunk = {
  callId: newCall,
  channel: { index: 0, role: 'CUSTOMER' },
  sequenceNumber: 0,
  sampleOffset: 0,
  sampleRate: Number(rateText),
  encoding: 'PCM16LE',
  payload: readFileSync(pcmFile),
  declaredDomain: null,
  endOfCall: true,
  captureTime: Date.now(),
};
const producer = kafka.producer({ idempotent: true });
await producer.connect();
await producer.send({ topic: 'audio.chunks', acks: -1, messages: [{ key: newCall, value: await registry.encode(chunkSchemaId, chunk) }] });
await producer.disconnect();
result.chunkSchemaId = chunkSchemaId;

// 2. Read emotion.events committed only, decoding with the registry, until both calls are there.
const consumer = kafka.consumer({ groupId: `interop-test-${process.pid}-${Date.now()}`, readUncommitted: false });
await consumer.connect();
await consumer.subscribe({ topic: 'emotion.events', fromBeginning: true });
let failure = null;
const done = new Promise((resolve) => {
  const timer = setInterval(() => {
    if ((result.replayed.length >= expected && result.produced.length >= 1) || Date.now() > deadline) {
      clearInterval(timer);
      // A little longer, so a duplicate written late is seen too.
      setTimeout(resolve, 1500);
    }
  }, 100);
});
consumer.run({
  eachMessage: async ({ message }) => {
    try {
      const key = message.key?.toString();
      if (key !== replayedCall && key !== newCall) {
        return;
      }
      const event = await registry.decode(message.value);
      (key === replayedCall ? result.replayed : result.produced).push(summary(event));
    } catch (e) {
      failure = failure ?? String(e);
    }
  },
});
await done;
await consumer.disconnect();
result.decodeFailure = failure;

// 3. Register, evolve (backward compatible) and delete a subject of its own.
const subject = `interop-probe-${process.pid}-value`;
const v1 = { type: 'record', name: 'Probe', namespace: 'interop', fields: [{ name: 'name', type: 'string' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'level', type: 'int', default: 0 }] };
const r = result.registry;
r.v1 = (await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject })).id;
r.v2 = (await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject })).id;
r.lookupV1 = await registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(v1) });
const written = await registry.encode(r.v1, { name: 'old writer' });
r.decodedOld = await registry.decode(written);
r.versions = (await rest('GET', `/subjects/${subject}/versions`)).body;
const breaking = { ...v1, fields: [...v2.fields, { name: 'required', type: 'string' }] };
r.breaking = (await rest('POST', `/compatibility/subjects/${subject}/versions/latest`, { schema: JSON.stringify(breaking) })).body;
r.invalid = await rest('POST', `/subjects/${subject}/versions`, { schema: '{"type":' });
r.permanentFirst = await rest('DELETE', `/subjects/${subject}?permanent=true`);
r.softDelete = (await rest('DELETE', `/subjects/${subject}`)).body;
r.listedAfterSoft = (await rest('GET', '/subjects')).body.includes(subject);
r.listedDeletedAfterSoft = (await rest('GET', '/subjects?deleted=true')).body.includes(subject);
r.v1AfterSoft = (await rest('GET', `/schemas/ids/${r.v1}`)).status;
r.permanentDelete = (await rest('DELETE', `/subjects/${subject}?permanent=true`)).body;
r.listedDeletedAfterPermanent = (await rest('GET', '/subjects?deleted=true')).body.includes(subject);
r.versionsAfterPermanent = await rest('GET', `/subjects/${subject}/versions?deleted=true`);

console.log(JSON.stringify(result));

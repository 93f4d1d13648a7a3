// Synthesises the demo's call turns with eSpeak NG (WebAssembly build from npm).
// Usage: node synthesise.mjs OUTDIR < turns, one turn a line, tab-separated:
//   FILE  VOICE  PITCH(0-99)  RATE(words/min)  AMPLITUDE(0-200)  WORDGAP(10 ms units)  TEXT
// Writes OUTDIR/FILE (WAV, 22.05 kHz, 16-bit mono) per line. Errors go to stderr, exit status 1.
import ESpeakNg from "espeak-ng";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const outDir = process.argv[2];
if (!outDir) {
  console.error("usage: node synthesise.mjs OUTDIR < turns");
  process.exit(2);
}
const lines = readFileSync(0, "utf8").split("\n").filter((line) => line.trim() !== "");
for (const line of lines) {
  const [file, voice, pitch, rate, amplitude, gap, text] = line.split("\t");
  if (text === undefined || file.includes("/")) {
    console.error(`synthesise.mjs: not a turn line: ${line}`);
    process.exit(1);
  }
  const messages = [];
  // Each run of the module is one eSpeak NG command line; its own output only matters on failure.
  const espeak = await ESpeakNg({
    arguments: ["-w", "/turn.wav", "-v", voice, "-p", pitch, "-s", rate, "-a", amplitude, "-g", gap, text],
    print: (message) => messages.push(message),
    printErr: (message) => messages.push(message),
  });
  let wav;
  try {
    wav = espeak.FS.readFile("/turn.wav");
  } catch {
    console.error(`synthesise.mjs: eSpeak NG wrote no audio for ${file} (voice ${voice}): ${messages.join(" ")}`);
    process.exit(1);
  }
  writeFileSync(join(outDir, file), wav);
}

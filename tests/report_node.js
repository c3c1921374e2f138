/* The report page's worker (overrides/assets/javascripts/report-worker.js) run in Node, as the
 * page runs it: the same script and the same Papa Parse, given the same setup message, each
 * report's bytes as a chosen file, then every download asked for. Used by
 * tests/test_report_differential.py to compare the page with `generator report`.
 *
 * Usage: node report_node.js ASSETS_DIR JOB.json  (ASSETS_DIR: overrides/assets/javascripts)
 * JOB.json: {setup: {...the page's setup message}, reports: [{bytes: base64, kinds: [...]}]}
 * Prints one JSON line: [{problem} | {pick} | {result, files: {kind: text}}] per report. */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [assets, jobFile] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(jobFile, "utf8"));
const posted = [];

// Node reads "windows-1252" as Latin-1; browsers follow the Encoding Standard, where 0x80-0x9F
// are mostly typographic letters (0x92 is a right single quote). Decode as a browser does.
const WINDOWS_1252 = [0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178];
class BrowserTextDecoder extends TextDecoder {
  decode(input, options) {
    if (this.encoding !== "windows-1252") return super.decode(input, options);
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    let out = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      out += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b < 0xa0 ? WINDOWS_1252[b - 0x80] : b)));
    }
    return out;
  }
}

class FileReaderSync {
  readAsArrayBuffer(file) { return file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.length); }
}

const context = {
  postMessage: (message) => posted.push(message), FileReaderSync, Blob, TextDecoder: BrowserTextDecoder, URL, performance,
  console, Map, Set, Uint8Array, Promise, setTimeout,
};
context.self = context;
context.importScripts = (relative) => {
  const file = path.resolve(assets, relative);
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
};
vm.createContext(context);
const workerFile = path.join(assets, "report-worker.js");
vm.runInContext(fs.readFileSync(workerFile, "utf8"), context, { filename: workerFile });

function send(message) {
  posted.length = 0;
  context.self.onmessage({ data: message });
  return posted.filter((m) => m.type !== "progress");
}

(async () => {
  send(Object.assign({ type: "setup" }, job.setup));
  const out = [];
  let turn = 0;
  for (const report of job.reports) {
    turn++;
    const bytes = new Uint8Array(Buffer.from(report.bytes, "base64"));
    const [answer] = send({ type: "file", file: { bytes: bytes, size: bytes.length }, turn });
    if (answer.type === "problem") { out.push({ problem: answer.problem, detail: answer.detail }); continue; }
    if (answer.type === "pick") { out.push({ pick: answer.preview }); continue; }
    const files = {};
    for (const kind of report.kinds) {
      const [file] = send({ type: "download", kind, turn });
      files[kind] = Buffer.from(await file.blob.arrayBuffer()).toString("utf8");
    }
    out.push({ result: answer.result, files });
  }
  process.stdout.write(JSON.stringify(out) + "\n");
})();

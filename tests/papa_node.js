/* The site's Papa Parse (overrides/assets/vendor/papaparse/papaparse.min.js) run in Node over a
 * batch of texts, for tests/test_csvparse.py to compare with generator/csvparse.py.
 *
 * Usage: node papa_node.js PAPAPARSE_JS JOB.json
 * JOB.json: [{text, delimiter, newline, delimiters}] (delimiters: the candidates to guess from)
 * Prints one JSON array, one answer per text:
 *   {linebreak: the newline Papa guesses,
 *    guessed: the delimiter Papa guesses with that newline, or null when it cannot,
 *    given: the delimiter Papa guesses with the job's newline, or null,
 *    plain, skipped: {data, errors} of Papa.parse(text, {delimiter, newline, skipEmptyLines})
 *    with skipEmptyLines false and true}.
 * Error indexes are turned from UTF-16 units into code points, as Python counts. */
"use strict";
const fs = require("fs");
const vm = require("vm");

const [papaFile, jobFile] = process.argv.slice(2);
const context = { console };
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(papaFile, "utf8"), context, { filename: papaFile });
const Papa = context.Papa;

function guess(text, options) {
  const result = Papa.parse(text, Object.assign({ preview: 1 }, options));
  const failed = result.errors.some((e) => e.code === "UndetectableDelimiter");
  return { linebreak: result.meta.linebreak, delimiter: failed ? null : result.meta.delimiter };
}

function parsed(text, delimiter, newline, skipEmptyLines) {
  const result = Papa.parse(text, { delimiter, newline, skipEmptyLines });
  const astral = /[\ud800-\udbff][\udc00-\udfff]/.test(text);
  const errors = result.errors.map((e) => ({
    type: e.type, code: e.code, message: e.message, row: e.row,
    index: astral ? Array.from(text.slice(0, e.index)).length : e.index,
  }));
  return { data: result.data, errors };
}

const out = [];
for (const job of JSON.parse(fs.readFileSync(jobFile, "utf8"))) {
  const options = { delimitersToGuess: job.delimiters };
  const auto = guess(job.text, options);
  const given = guess(job.text, Object.assign({ newline: job.newline }, options));
  out.push({
    linebreak: auto.linebreak,
    guessed: auto.delimiter,
    given: given.delimiter,
    plain: parsed(job.text, job.delimiter, job.newline, false),
    skipped: parsed(job.text, job.delimiter, job.newline, true),
  });
}
process.stdout.write(JSON.stringify(out) + "\n");

// Runs a Postman collection with Newman and writes each answer compactly (method, url, status,
// headers, JSON bodies as text). A child process of the contract test, so Newman's own deprecation
// warnings stay out of the test process; Newman's JSON reporter keeps bodies as arrays of bytes,
// which outgrew a string on large answers. Usage: node run-collection.cjs <collection> <token> <out>
const { writeFileSync } = require('node:fs');
const newman = require('newman');

const [collection, token, out] = process.argv.slice(2);
newman.run({ collection: require(require('node:path').resolve(collection)), envVar: [{ key: 'bearerToken', value: token }], reporters: [], timeoutRequest: 30_000 }, (error, summary) => {
  if (error) throw error;
  const answers = summary.run.executions.map((e) => {
    const response = e.response;
    const headers = response ? Object.fromEntries(response.headers.all().map((h) => [h.key.toLowerCase(), h.value])) : {};
    const json = /json/.test(headers['content-type'] ?? '');
    return {
      item: e.item.name,
      method: e.request.method,
      url: e.request.url.getPathWithQuery(),
      status: response ? response.code : null,
      headers,
      bytes: response?.stream ? response.stream.length : 0,
      body: response?.stream && json ? response.stream.toString('utf8') : null,
      error: e.requestError ? e.requestError.message : null,
    };
  });
  writeFileSync(out, JSON.stringify(answers));
});

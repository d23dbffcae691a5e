// Scores a model with onnxruntime-node: argv[2] = model, argv[3] = JSON {column: [values]}, argv[4] = output (default Score); prints JSON values.
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const session = await ort.InferenceSession.create(process.argv[2]);
  const columns = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const feeds = {};
  for (const name of session.inputNames) {
    const values = columns[name];
    feeds[name] = typeof values[0] === 'string'
      ? new ort.Tensor('string', values, [values.length, 1])
      : new ort.Tensor('float32', Float32Array.from(values.map(v => v === null ? NaN : v)), [values.length, 1]);
  }
  const out = await session.run(feeds);
  console.log(JSON.stringify(Array.from(out[process.argv[4] || 'Score'].data)));
})().catch(e => { console.error(e.message); process.exit(1); });

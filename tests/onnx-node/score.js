// An independent ONNX consumer: scores a CSV file with onnxruntime-node, feeding each CSV column to the model input
// of the same name as it is: float32 inputs get the cell as a number (NaN when empty or not a number), string inputs
// the cell itself. argv[2] = model, argv[3] = CSV (comma-separated, no quoted fields), argv[4] = output (default Score);
// prints its values as JSON (NaN and infinities as strings).
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const session = await ort.InferenceSession.create(process.argv[2]);
  const [header, ...lines] = fs.readFileSync(process.argv[3], 'utf8').split(/\r?\n/).filter(l => l.length > 0);
  const names = header.split(',');
  const rows = lines.map(l => l.split(','));
  const feeds = {};
  for (const input of session.inputMetadata) {
    const index = names.indexOf(input.name);
    if (index < 0) throw new Error(`the CSV has no column '${input.name}'`);
    const cells = rows.map(r => r[index]);
    feeds[input.name] = input.type === 'string'
      ? new ort.Tensor('string', cells, [cells.length, 1])
      : new ort.Tensor('float32', Float32Array.from(cells.map(c => (c.trim() === '' ? NaN : Number(c)))), [cells.length, 1]);
  }
  const out = await session.run(feeds);
  console.log(JSON.stringify(Array.from(out[process.argv[4] || 'Score'].data, v => (Number.isFinite(v) ? v : String(v)))));
})().catch(e => { console.error(e.message); process.exit(1); });

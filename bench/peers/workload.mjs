// The workload every peer of `itaku-bench decide` is measured on: the same entities and the
// same mix of requests as bench/decide_bench.cpp builds for itaku (keep the two in step).
//
// One contract, active, with N workers and N assets. There are ten asset classes derived from
// 一般 (general-0 … general-9); worker i may use class i % 10 and asset j is of class j % 10.
// The party's roster registers the work locations "hq" and "city-dc".
//
// The mix (request k of 1000, repeated): worker (k × 7919) mod N; by k mod 8
//   0, 1, 4, 5  read an asset of the worker's class, at "hq", for the contract → allow
//   2, 6        read an asset of another class                                → deny (not in scope)
//   3           read an asset of the worker's class at "home"                 → deny (location)
//   7           read an asset of the worker's class for another purpose       → deny (purpose)

export const kContract = 'bench-2026-001';
export const kNumber = 'BENCH-2026-001';
export const kParty = 'bench-contractor';
export const kClasses = 10;
export const kLocations = ['hq', 'city-dc'];
export const kMix = 1000;
export const kBatch = 100;

export const pad = (i) => String(i).padStart(5, '0');
export const workerId = (i) => `w-${pad(i)}`;
export const assetId = (j) => `a-${pad(j)}`;
export const classId = (c) => `general-${c}`;

export function parseArgs(argv) {
  // The warm-up is long because V8 compiles WebAssembly (Cedar) with its optimising tier lazily:
  // with 0.5 s, Cedar's first seconds still ran baseline code.
  const options = { workers: 10000, seconds: 2, warmup: 3 };
  for (let i = 2; i < argv.length; ++i) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--workers') options.workers = Number(value);
    else if (key === '--seconds') options.seconds = Number(value);
    else if (key === '--warmup') options.warmup = Number(value);
    else throw new Error(`unknown option ${key}`);
    ++i;
  }
  if (!Number.isInteger(options.workers) || options.workers < kClasses || options.workers % kClasses !== 0)
    throw new Error('--workers is a multiple of 10');
  return options;
}

export function mix(n) {
  const requests = [];
  for (let k = 0; k < kMix; ++k) {
    const worker = (k * 7919) % n;
    const own = worker % kClasses;
    const base = Math.floor(((k * 104729) % n) / kClasses) * kClasses;
    const kind = k % 8;
    const cls = kind === 2 || kind === 6 ? (own + 3) % kClasses : own;
    requests.push({
      person: workerId(worker),
      asset: assetId(base + cls),
      action: 'read',
      location: kind === 3 ? 'home' : 'hq',
      purpose: kind === 7 ? 'other-2026-999' : kContract,
      allow: kind === 0 || kind === 1 || kind === 4 || kind === 5,
    });
  }
  return requests;
}

// Times `decide(request)` over the mix: after a warm-up, batches of kBatch consecutive calls
// timed with process.hrtime.bigint(), each batch giving one sample (its time ÷ kBatch), as
// bench/decide_bench.cpp does for itaku. Checks every answer once first, so a peer whose
// policy is not equivalent fails loudly.
export function measure(name, version, options, requests, decide) {
  for (const r of requests) {
    const got = decide(r);
    if (got !== r.allow)
      throw new Error(`${name}: ${r.person} ${r.action} ${r.asset} at ${r.location} for ${r.purpose}: ` +
                      `expected ${r.allow ? 'allow' : 'deny'}`);
  }
  let sink = 0;
  let at = 0;
  const run = (until) => {
    const samples = [];
    while (process.hrtime.bigint() < until) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < kBatch; ++i) {
        if (decide(requests[at])) ++sink;
        at = at + 1 === requests.length ? 0 : at + 1;
      }
      samples.push(Number(process.hrtime.bigint() - start) / kBatch);
    }
    return samples;
  };
  const now = process.hrtime.bigint();
  run(now + BigInt(Math.round(options.warmup * 1e9)));
  sink = 0;
  const samples = run(process.hrtime.bigint() + BigInt(Math.round(options.seconds * 1e9)));
  samples.sort((a, b) => a - b);
  const pick = (p) => samples[Math.min(samples.length - 1, Math.floor(p * (samples.length - 1)))];
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(JSON.stringify({
    peer: name,
    version,
    node: process.version,
    workers: options.workers,
    p50_ns: Math.round(pick(0.5)),
    p99_ns: Math.round(pick(0.99)),
    mean_ns: Math.round(mean),
    decisions: samples.length * kBatch,
    batch: kBatch,
    allowed: sink,
  }));
}

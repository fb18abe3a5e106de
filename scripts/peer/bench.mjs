// The checking and measuring half of scripts/peer.sh.
//
//   node bench.mjs check   --graph NAME --landmarks FILE --targets name=URL,… --kgpeer BIN --out FILE
//   node bench.mjs measure --graph NAME --landmarks FILE --targets name=URL,… --pids name=PID,…
//                          --neo4j-pid PID --kgload BIN --rounds N --duration 10s --warmup 2s
//                          --clients 64 --out FILE
//   node bench.mjs table   FILE…        (the JSON lines written by check and measure → Markdown)
//
// Target names: "kg-neo4j" and "kg-neo4j+cache" (kg serve on Neo4j), "kg-embedded" (kg serve,
// embedded store) and "peer" (server.mjs); the kg ones are sent the kg query text of
// questions.mjs, the peer its own. check sends every question once to every target,
// normalises, and fails (exit 1) unless all answers are equal and error-free; it also counts
// Cypher round trips per request: the peer's from its counting driver wrapper (header
// x-peer-count), kg on Neo4j's from Store.RoundTrips through `kgpeer count` (the same handler
// in-process), the embedded store's are 0 by construction. measure runs cmd/kgload for each
// round × question × target (interleaved in that order), each after its own warm-up, and
// reads the CPU time of the target process and of the Neo4j JVM from /proc around the
// measured part.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

import { questions } from "./questions.mjs";

function args(argv) {
  const o = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) o[argv[i].slice(2)] = argv[++i];
    else o._.push(argv[i]);
  }
  return o;
}
const pairs = (s) => Object.fromEntries((s || "").split(",").filter(Boolean).map((p) => p.split(/=(.*)/s).slice(0, 2)));
const isPeer = (name) => name === "peer";

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url}: status ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200 || json.errors) {
    throw new Error(`${url}: status ${res.status}, errors ${JSON.stringify(json.errors).slice(0, 500)}`);
  }
  return json;
}

async function check(o) {
  const lm = JSON.parse(readFileSync(o.landmarks, "utf8"));
  const targets = pairs(o.targets);
  let failed = 0;
  const kgRequests = [];
  const rows = [];
  for (const q of questions(lm)) {
    const answers = {};
    const raw = {};
    let peerTrips = null;
    for (const [name, url] of Object.entries(targets)) {
      const body = { query: isPeer(name) ? q.peer : q.kg, variables: q.vars };
      try {
        // Warm first: the library's first request also asks the server for its version
        // (one extra statement, once per process).
        if (isPeer(name)) await post(url, body);
        const res = await post(url, body, isPeer(name) ? { "x-peer-count": "1" } : {});
        raw[name] = res.data;
        answers[name] = isPeer(name) ? q.peerNorm(res.data) : q.kgNorm(res.data);
        if (isPeer(name)) peerTrips = res.extensions?.cypherRoundTrips ?? null;
      } catch (e) {
        console.error(`FAIL ${o.graph} ${q.name} on ${name}: ${e.message}`);
        failed++;
      }
    }
    if (q.name && targets["kg-neo4j"]) kgRequests.push({ name: q.name, body: { query: q.kg, variables: q.vars } });
    const names = Object.keys(answers);
    const ref = names[0];
    const equal = names.every((n) => isDeepStrictEqual(answers[n], answers[ref]));
    let strict = "";
    if (q.strictPath && raw.peer && raw["kg-neo4j"]) {
      strict = isDeepStrictEqual(q.strictPath(raw.peer), q.strictPath(raw["kg-neo4j"])) ? "same path" : "other path";
    }
    const size = JSON.stringify(answers[ref] ?? null).length;
    if (!equal || names.length !== Object.keys(targets).length) {
      failed++;
      for (const n of names) {
        if (!isDeepStrictEqual(answers[n], answers[ref])) {
          const file = join(tmpdir(), `peer-diff-${o.graph}-${q.name}-${n}.json`);
          writeFileSync(file, JSON.stringify({ [ref]: answers[ref], [n]: answers[n] }, null, 1));
          console.error(`DIFF ${o.graph} ${q.name}: ${n} differs from ${ref} (both normalised in ${file})`);
        }
      }
    }
    const what = summary(answers[ref]);
    console.log(`${equal ? "same" : "DIFFERENT"}  ${o.graph} ${q.name}: ${names.join(", ")} — ${what}${strict ? `; kg-neo4j vs peer: ${strict}` : ""}`);
    rows.push({ kind: "check", graph: o.graph, question: q.name, equal, answerBytes: size, answer: what, strictPath: strict || undefined, peerRoundTrips: peerTrips });
  }
  // kg on Neo4j: round trips through the same handler in-process (kgpeer count).
  let kgTrips = {};
  if (o.kgpeer && kgRequests.length) {
    const r = spawnSync(o.kgpeer, ["count"], { input: JSON.stringify(kgRequests), encoding: "utf8", env: process.env });
    if (r.status !== 0) {
      console.error(`FAIL kgpeer count: ${r.stderr}`);
      failed++;
    } else kgTrips = JSON.parse(r.stdout);
  }
  for (const row of rows) {
    const t = kgTrips[row.question];
    row.kgRoundTrips = t ? (t.Min === t.Max ? `${t.Min}` : `${t.Min}–${t.Max}`) : null;
    appendFileSync(o.out, JSON.stringify(row) + "\n");
  }
  if (failed) {
    console.error(`check: ${failed} problem(s) on ${o.graph}`);
    process.exit(1);
  }
}

function summary(a) {
  if (a == null) return "null";
  if (Array.isArray(a)) return `${a.length} items`;
  if (a.mandates) return `${a.mandates.length} mandates, ${a.mandates.reduce((n, m) => n + (m.body.members?.length || 0), 0)} members`;
  if (a.nodes) return `${a.nodes.length} nodes, ${a.edges.length} edges, truncated ${a.truncated}`;
  if (a.length !== undefined) return `length ${a.length}`;
  return "?";
}

// cpu returns the user + system CPU seconds of pid (/proc/PID/stat, clock ticks of 1/100 s
// — USER_HZ is 100 on Linux), including its reaped children's for the JVM's helpers.
function cpu(pid) {
  if (!pid) return 0;
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

function kgload(o, url, file, vars, duration, warmup) {
  const a = ["-url", url, "-query-file", file, "-c", o.clients, "-d", duration, "-warmup", warmup, "-json"];
  for (const [k, v] of Object.entries(vars)) a.push("-var", `${k}=${v}`);
  const r = spawnSync(o.kgload, a, { encoding: "utf8" });
  if (r.status !== 0 && !r.stdout.trim()) throw new Error(`kgload ${url}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// drain waits until the server has finished the work cmd/kgload left behind: kgload
// abandons its in-flight requests when its time is up, and the server (and Neo4j) still
// execute them — kg serve answers 503 OVERLOADED while its 64 execution slots are taken —
// which must not spill into the next measurement. Done when url answers body with a clean
// 200 and then the processes stay idle (< 5 % of a core over 0.5 s, twice in a row).
async function drain(url, body, pids) {
  const deadline = Date.now() + 120_000;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (;;) {
    try {
      await post(url, body);
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not drain within 120 s: ${e.message}`);
      await sleep(250);
    }
  }
  for (let quiet = 0; quiet < 2 && Date.now() < deadline; ) {
    const before = pids.map(cpu);
    await sleep(500);
    const busy = pids.some((p, i) => cpu(p) - before[i] > 0.025);
    quiet = busy ? 0 : quiet + 1;
  }
}

async function measure(o) {
  const lm = JSON.parse(readFileSync(o.landmarks, "utf8"));
  const targets = pairs(o.targets);
  const pids = pairs(o.pids);
  const neo4jPid = Number(o["neo4j-pid"] || 0);
  const dir = mkdtempSync(join(tmpdir(), "peer-q-"));
  const qs = questions(lm);
  for (let round = 1; round <= Number(o.rounds); round++) {
    for (const q of qs) {
      for (const [name, url] of Object.entries(targets)) {
        const file = join(dir, `${q.name}-${isPeer(name) ? "peer" : "kg"}.graphql`);
        writeFileSync(file, isPeer(name) ? q.peer : q.kg);
        const body = { query: isPeer(name) ? q.peer : q.kg, variables: q.vars };
        const pid = Number(pids[name] || 0);
        const usesNeo4j = name !== "kg-embedded";
        const watch = [pid, usesNeo4j ? neo4jPid : 0].filter(Boolean);
        await drain(url, body, watch);
        kgload(o, url, file, q.vars, o.warmup, "0s"); // warm-up, unmeasured
        await drain(url, body, watch);
        const c0 = cpu(pid), n0 = usesNeo4j ? cpu(neo4jPid) : 0;
        const r = kgload(o, url, file, q.vars, o.duration, "0s");
        const c1 = cpu(pid), n1 = usesNeo4j ? cpu(neo4jPid) : 0;
        await drain(url, body, watch);
        const ok = Math.max(r.requests, 1);
        const row = {
          kind: "measure", graph: o.graph, round, question: q.name, target: name,
          rps: r.rps, p50: r.p50_ms, p99: r.p99_ms, errors: r.errors, requests: r.requests,
          cpuServerMs: ((c1 - c0) * 1000) / ok, cpuNeo4jMs: ((n1 - n0) * 1000) / ok,
          firstError: r.first_error,
        };
        appendFileSync(o.out, JSON.stringify(row) + "\n");
        console.log(`round ${round} ${o.graph} ${q.name} ${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50_ms.toFixed(1)} ms, p99 ${r.p99_ms.toFixed(1)} ms, errors ${r.errors}, CPU/req ${row.cpuServerMs.toFixed(2)} + ${row.cpuNeo4jMs.toFixed(2)} ms (server + Neo4j)${r.first_error ? " first error: " + r.first_error : ""}`);
      }
    }
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 1) => (x == null ? "–" : x >= 100 ? x.toFixed(0) : x.toFixed(d));

function table(files) {
  const rows = files.flatMap((f) => readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)));
  const checks = rows.filter((r) => r.kind === "check");
  const ms = rows.filter((r) => r.kind === "measure");
  const out = [];
  out.push("| graph | question | same answer | server | requests/s (median; min–max) | p50 ms | p99 ms | errors | CPU ms/request: server + Neo4j | Cypher round trips/request |");
  out.push("|---|---|---|---|---|---|---|---|---|---|");
  const key = (r) => `${r.graph}\u0000${r.question}`;
  const groups = new Map();
  for (const r of ms) {
    if (!groups.has(key(r))) groups.set(key(r), new Map());
    const g = groups.get(key(r));
    if (!g.has(r.target)) g.set(r.target, []);
    g.get(r.target).push(r);
  }
  for (const c of checks) {
    const g = groups.get(key(c)) || new Map([["(not measured)", []]]);
    for (const [target, rs] of g) {
      const trips = target === "peer" ? c.peerRoundTrips : target.startsWith("kg-neo4j") ? c.kgRoundTrips : target === "kg-embedded" ? 0 : null;
      const rps = rs.map((r) => r.rps);
      out.push(`| ${c.graph} | ${c.question} | ${c.equal ? "yes" : "**no**"} (${c.answer}) | ${target} | ${rs.length ? `${fmt(median(rps))} (${fmt(Math.min(...rps))}–${fmt(Math.max(...rps))})` : "–"} | ${rs.length ? fmt(median(rs.map((r) => r.p50))) : "–"} | ${rs.length ? fmt(median(rs.map((r) => r.p99))) : "–"} | ${rs.reduce((n, r) => n + r.errors, 0)} | ${rs.length ? `${fmt(median(rs.map((r) => r.cpuServerMs)), 2)} + ${fmt(median(rs.map((r) => r.cpuNeo4jMs)), 2)}` : "–"} | ${trips ?? "–"}${target === "kg-neo4j+cache" ? " (on a miss)" : ""} |`);
    }
  }
  console.log(out.join("\n"));
}

const o = args(process.argv.slice(2));
const cmd = o._[0];
if (cmd === "check") await check(o);
else if (cmd === "measure") await measure(o);
else if (cmd === "table") table(o._.slice(1));
else {
  console.error("usage: node bench.mjs check|measure|table …");
  process.exit(2);
}

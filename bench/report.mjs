// Prints bench/run's results (one JSON line per server and workload) as Markdown tables, with
// Samling's ratio to each peer.  node bench/report.mjs results.jsonl
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.result);
const fmt = (v, d = 2) => (v === undefined || v === null ? '—' : Number(v).toFixed(d));
const table = (head, rows) => {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
};
const of = (workload, extra = () => true) => lines.filter((l) => (l.result.workload ?? 'fanout') === workload && extra(l.result));

const floor = of('send_floor');
if (floor.length) {
  console.log('\nThe kernel\'s cost of one write of 250-byte frames to a loopback socket (samling-send-floor, core 0 writing, core 1 reading)');
  const how = (r) => (r.method === 'io_uring'
    ? `io_uring, ${r.batch} per submit${r.coop ? ', SINGLE_ISSUER|COOP_TASKRUN, registered files' : ''}`
    : `sendmsg, ${r.gather} per call`);
  const measured = floor.filter(({ result: r }) => r.available !== false);
  table(['method', 'frames per call', 'µs per call', 'µs per frame', 'frames per CPU s at most'],
    measured.map(({ result: r }) => [how(r), fmt(r.frames_per_write ?? r.gather, 1), fmt(r.us_per_write), fmt(r.us_per_frame),
      fmt(r.frames_per_cpu_second, 0)]));
  const refused = floor.find(({ result: r }) => r.available === false);
  if (refused) console.log(`\nio_uring was not measured: ${refused.result.reason}`);
}

const cluster = (l) => l.server.startsWith('pg-');
const fanout = of('fanout', (r) => r.send_calls === undefined).filter((l) => !cluster(l));
for (const rate of [...new Set(fanout.map((l) => l.result.rate))]) {
  const rows = fanout.filter((l) => l.result.rate === rate);
  const samling = rows.find((l) => l.server === 'samling');
  console.log(`\nFan-out, 5 workshops × 200 participants, ${rate} notes/s (${rate * 200} deliveries/s)`);
  table(['server', 'delivered/expected', 'p50 ms', 'p99 ms', 'max ms', 'ack p99 ms', 'server CPU s', 'deliveries per CPU s', 'Samling ×', 'note'],
    rows.map(({ server, result: r }) => {
      const ratio = samling && r.deliveries_per_cpu_second > 0 ? samling.result.deliveries_per_cpu_second / r.deliveries_per_cpu_second : null;
      const note = [r.generator_cpu_share > 0.9 ? 'generator saturated: step discarded' : '', r.delivered !== r.expected ? 'LOST DELIVERIES' : ''].filter(Boolean).join('; ');
      return [server, `${r.delivered}/${r.expected}`, fmt(r.p50_ms), fmt(r.p99_ms), fmt(r.max_ms), server === 'samling' ? fmt(r.ack_p99_ms) : '—',
        fmt(r.server_cpu_seconds), fmt(r.deliveries_per_cpu_second, 0), server === 'samling' ? '1' : fmt(ratio), note];
    }));
}

const traced = of('fanout', (r) => r.send_calls !== undefined);
if (traced.length) {
  console.log(`\nSend calls under load (${traced[0].result.rate} notes/s for ${traced[0].result.seconds} s with strace -c attached; counts only)`);
  table(['server', 'deliveries', 'frames received', 'write/send calls', 'frames per call', 'deliveries per call'],
    traced.map(({ server, result: r }) => [server, r.delivered, r.frames_received, r.send_calls, fmt(r.frames_per_send), fmt(r.deliveries_per_send)]));
}

const hot = of('hot');
if (hot.length) {
  const h0 = hot[0].result;
  const samling = hot.find((l) => l.server === 'samling');
  console.log(`\nHot room: one workshop of ${h0.participants} participants, ${h0.voters} of them placing ${h0.dots} dots each within ${h0.seconds} s (${fmt(h0.rate, 0)} votes/s, ${fmt(h0.rate * h0.participants, 0)} deliveries/s)`);
  table(['server', 'delivered/expected', 'p50 ms', 'p99 ms', 'max ms', 'ack p99 ms', 'server CPU s', 'deliveries per CPU s', 'Samling ×', 'note'],
    hot.map(({ server, result: r }) => {
      const ratio = samling && r.deliveries_per_cpu_second > 0 ? samling.result.deliveries_per_cpu_second / r.deliveries_per_cpu_second : null;
      const note = [r.generator_cpu_share > 0.9 ? 'generator saturated' : '', r.delivered !== r.expected ? 'LOST DELIVERIES' : ''].filter(Boolean).join('; ');
      return [server, `${r.delivered}/${r.expected}`, fmt(r.p50_ms), fmt(r.p99_ms), fmt(r.max_ms), server === 'samling' ? fmt(r.ack_p99_ms) : '—',
        fmt(r.server_cpu_seconds), fmt(r.deliveries_per_cpu_second, 0), server === 'samling' ? '1' : fmt(ratio), note];
    }));
}

const idle = of('idle');
if (idle.length) {
  const samling = idle.find((l) => l.server === 'samling');
  console.log(`\nIdle: ${idle[0].result.connections} connected participants in ${idle[0].result.rooms} rooms`);
  table(['server', 'RSS before MiB', 'RSS after MiB', 'KiB per connection', 'Samling uses ×', 'connected in s'],
    idle.map(({ server, result: r }) => [server, fmt(r.rss_before_kib / 1024, 1), fmt(r.rss_after_kib / 1024, 1), fmt(r.kib_per_connection),
      server === 'samling' ? '1' : fmt(samling ? samling.result.kib_per_connection / r.kib_per_connection : null), fmt(r.join_seconds, 1)]));
}

for (const { result: r } of of('join')) {
  console.log(`\nJoin storm: ${r.joiners} participants join a workshop of ${r.notes} notes at once`);
  table(['snapshots', 'p50 ms', 'p99 ms', 'max ms', 'whole storm s', 'server CPU s'],
    [[`${r.snapshots}/${r.joiners}`, fmt(r.p50_ms, 0), fmt(r.p99_ms, 0), fmt(r.max_ms, 0), fmt(r.storm_seconds), fmt(r.server_cpu_seconds)]]);
}

const restart = of('restart');
if (restart.length) {
  const r0 = restart[0].result;
  console.log(`\nRestart: ${r0.events} events in ${r0.workshops} workshops (${fmt(r0.db_bytes / 1048576, 0)} MiB database)`);
  table(['round', 'start to accepting ms', 'first hello → snapshot, p50 ms', 'max ms (20 workshops, each loaded cold)'],
    restart.map(({ result: r }) => [r.round, fmt(r.serving_ms, 1), fmt(r.open?.p50_ms), fmt(r.open?.max_ms)]));
}
const commits = of('commit');
if (commits.length) {
  console.log('\nCommit latency: each workshop keeps one batch of one event in storage at a time (submit to callback)');
  table(['store', 'workshops writing', 'batches/s', 'p50 ms', 'p99 ms', 'max ms', 'failed'],
    commits.map(({ result: r }) => [r.store, r.writers, fmt(r.batches_per_s, 0), fmt(r.p50_ms), fmt(r.p99_ms), fmt(r.max_ms), r.failed]));
}

const nodes = lines.filter((l) => cluster(l) && (l.result.workload ?? 'fanout') === 'fanout');
for (const rate of [...new Set(nodes.map((l) => l.result.rate))]) {
  const rows = nodes.filter((l) => l.result.rate === rate);
  const one = rows.find((l) => l.server === 'pg-1-node');
  console.log(`\nFan-out on PostgreSQL, 5 workshops × 200 participants, ${rate} notes/s: one node against three behind nginx (all on core 0)`);
  table(['setup', 'delivered/expected', 'p50 ms', 'p99 ms', 'max ms', 'ack p99 ms', 'CPU s (nodes + nginx)', 'deliveries per CPU s', '× one node'],
    rows.map(({ server, result: r }) => [server === 'pg-1-node' ? 'one node' : 'three nodes + nginx', `${r.delivered}/${r.expected}`,
      fmt(r.p50_ms), fmt(r.p99_ms), fmt(r.max_ms), fmt(r.ack_p99_ms), fmt(r.server_cpu_seconds), fmt(r.deliveries_per_cpu_second, 0),
      one && r.deliveries_per_cpu_second > 0 ? fmt(r.deliveries_per_cpu_second / one.result.deliveries_per_cpu_second) : '—']));
}
console.log(`\nraw results: ${process.argv[2]}`);

// Several nodes on one PostgreSQL behind nginx, on loopback: PostgreSQL of the test's own, three
// samling nodes and nginx with the configuration of docs/scaling.md. Participants in several
// workshops write notes through nginx, as phones do, while the test
//   1. kills the node that holds the busiest workshop with SIGKILL,
//   2. pauses a node (SIGSTOP) until another has taken its workshop over, then lets it go on,
//   3. cuts every node's database connection (pg_terminate_backend),
//   4. restarts PostgreSQL.
// After each, with the writers paused: every workshop's log runs 1..N without a gap and ends at
// its last_seq, no op is stored twice, every acknowledged note is stored exactly once at the seq
// its ack named, and every client's stream of events had no gap, no repeat and no step back.
// A client behaves as the browser client does: it reconnects at once after 4012 (moved), else
// after a short wait, resumes by seq and resends what was not acknowledged with the same op ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const binary = process.env.SAMLING_BIN || join(root, 'build', 'samling');
const asRoot = process.getuid() === 0;

const workshopCount = 6;
const writersPerWorkshop = 3;
const maxInFlight = 4;        // unacknowledged notes a writer has out at once
const writeEveryMs = 250;
const stuckAfterMs = 6000;    // a welcomed socket with notes out and no answer for this long is given up
const handshakeGiveUpMs = 30000;  // above nginx's proxy_read_timeout (20 s), so nginx fails over first
const faultTimeoutMs = 120000;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Resolves once `condition()` holds, checking every 50 ms; rejects after `ms` naming `what`. */
async function waitFor(condition, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The command line that runs `args` as the unprivileged user when the test runs as root. */
function unprivileged(args) {
  return asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', ...args] : args;
}

const dir = mkdtempSync(join(tmpdir(), 'samling-cluster-'));
if (asRoot) chownSync(dir, 65534, 65534);
const pgDir = join(dir, 'pg');
const pgScript = join(here, 'pg.sh');
let pgPort;
let dbUrl;

function psql(sql) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(pgPort),
    '-U', 'samling', '-d', 'cluster', '-c', sql], { encoding: 'utf8' }).trim();
}

class Node {
  constructor(name, port) {
    this.name = name;
    this.port = port;
    this.log = join(dir, `${name}.log`);
    this.process = null;
  }

  async start() {
    const args = ['serve', '--db', dbUrl, '--node', this.name, '--port', String(this.port), '--bind', '127.0.0.1',
      '--threads', '1', '--max-connections-per-ip', '20000', '--create-rate', '10000', '--join-burst', '10000'];
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    let seen = '';
    await new Promise((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        appendFileSync(this.log, chunk);
        if (seen !== null) {
          seen += chunk;
          if (seen.includes('listening on')) { seen = null; resolve(); }
        }
      });
      child.once('exit', (code) => reject(new Error(`${this.name} exited with ${code}: ${readFileSync(this.log, 'utf8')}`)));
    });
    child.removeAllListeners('exit');
  }

  async kill() {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await gone;
  }

  signal(name) { this.process.kill(name); }
  get url() { return `http://127.0.0.1:${this.port}`; }
}

let nginx;
let nginxPort;
const nodes = [];

/** nginx with the block of docs/scaling.md, its ports and log put into the test's folder. */
async function startNginx() {
  const doc = readFileSync(join(root, 'docs', 'scaling.md'), 'utf8');
  const block = doc.match(/```nginx\n([\s\S]*?)```/);
  assert.ok(block, 'docs/scaling.md has an nginx block');
  let config = block[1];
  const documented = [...config.matchAll(/server 127\.0\.0\.1:(\d+) /g)].map((m) => m[1]);
  assert.equal(documented.length, nodes.length, 'the documented upstream has one server per node');
  documented.forEach((port, i) => { config = config.replace(`127.0.0.1:${port} `, `127.0.0.1:${nodes[i].port} `); });
  assert.match(config, /listen 8080;/);
  config = config.replace('listen 8080;', `listen 127.0.0.1:${nginxPort};`)
    .replace('/var/log/nginx/samling.access.log', join(dir, 'access.log'));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${join(dir, `nginx-${name}`)};`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} info;
events { worker_connections 4096; }
http {
${temp}
${config}
}
`);
  const [command, ...args] = unprivileged(['nginx', '-e', join(dir, 'error.log'), '-p', `${dir}/`, '-c', join(dir, 'nginx.conf')]);
  nginx = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  nginx.stderr.on('data', (chunk) => { err += chunk; });
  nginx.once('exit', (code) => { if (code) console.error(`nginx exited with ${code}: ${err}`); });
  await waitFor(async () => {
    try { return (await fetch(`http://127.0.0.1:${nginxPort}/healthz`)).ok; } catch { return false; }
  }, 20000, 'nginx');
}

/** One participant in one workshop, writing notes through nginx. */
class Writer {
  constructor(workshop, index) {
    this.workshop = workshop;
    this.name = `w${workshop.index}p${index}`;
    // Without a watchdog: it waits on a paused node for as long as nginx keeps the socket, so the
    // node, once it runs again, gets the notes it sent while paused (see step 2).
    this.patient = index === 0;
    this.joinId = randomBytes(12).toString('hex');
    this.token = null;
    this.participant = 0;
    this.lastSeq = 0;
    this.next = 1;
    this.pending = new Map();   // op → command, sent and not acknowledged
    this.acked = new Map();     // op → the seq its ack named
    this.problems = [];
    this.acks = 0;
    this.faultAt = 0;           // the last fault, and the first acknowledgement after it
    this.resumedAt = 0;
    this.writing = true;
    this.running = true;
    this.socket = null;
    this.welcomed = false;
    this.closes = {};
    this.timer = setInterval(() => this.tick(), writeEveryMs);
    this.connect();
  }

  connect() {
    if (!this.running) return;
    const s = new WebSocket(`ws://127.0.0.1:${nginxPort}/ws?workshop=${this.workshop.id}`);
    this.socket = s;
    this.welcomed = false;
    this.openedAt = Date.now();
    this.heardAt = Date.now();
    s.onopen = () => {
      const hello = { type: 'hello', protocol: 1, workshop: this.workshop.id, last_seq: this.lastSeq };
      if (this.token) hello.resume_token = this.token;
      else Object.assign(hello, { join_code: this.workshop.join_code, name: this.name, join_id: this.joinId });
      s.send(JSON.stringify(hello));
    };
    s.onmessage = (e) => { if (this.socket === s) this.receive(JSON.parse(e.data)); };
    s.onerror = () => {};
    s.onclose = (e) => {
      if (this.socket !== s) return;
      this.closes[e.code] = (this.closes[e.code] || 0) + 1;
      this.drop(e.code === 4012 ? 0 : 200);
    };
  }

  /** Forgets the socket (without waiting for its closing handshake) and connects again after `ms`. */
  drop(ms) {
    const s = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (s) {
      s.onmessage = s.onclose = s.onopen = null;
      try { s.close(); } catch { /* not open yet */ }
    }
    if (this.running) setTimeout(() => this.connect(), ms);
  }

  send(message) { this.socket.send(JSON.stringify(message)); }

  receive(m) {
    this.heardAt = Date.now();
    if (m.type === 'welcome') {
      if (m.resume_token) this.token = m.resume_token;
      if (this.participant && m.participant !== this.participant) {
        this.problems.push(`came back as participant ${m.participant}, not ${this.participant}`);
      }
      this.participant = m.participant;
      this.welcomed = true;
      for (const command of this.pending.values()) this.send(command);
    } else if (m.type === 'snapshot') {
      if (m.workshop.seq < this.lastSeq) this.problems.push(`a snapshot at seq ${m.workshop.seq} after seq ${this.lastSeq}`);
      this.lastSeq = m.workshop.seq;
    } else if (m.type === 'events') {
      for (const event of m.events) {
        if (event.seq !== this.lastSeq + 1) this.problems.push(`seq ${event.seq} after seq ${this.lastSeq}`);
        this.lastSeq = Math.max(this.lastSeq, event.seq);
      }
    } else if (m.type === 'ack') {
      const earlier = this.acked.get(m.op);
      if (earlier !== undefined && earlier !== m.seq) this.problems.push(`op ${m.op} acknowledged at seq ${earlier} and ${m.seq}`);
      if (this.pending.delete(m.op)) {
        this.acked.set(m.op, m.seq);
        this.acks += 1;
        if (this.faultAt && !this.resumedAt) this.resumedAt = Date.now();
      }
    } else if (m.type === 'error') {
      if (!this.welcomed) {
        // unavailable: the workshop is moving between nodes; anything else is a failure.
        if (m.code !== 'unavailable') this.problems.push(`hello refused: ${m.code} ${m.message}`);
        this.drop(200);
      } else if (m.op && this.pending.has(m.op)) {
        if (m.code === 'storage_failed' || m.code === 'unavailable') {
          const command = this.pending.get(m.op);
          setTimeout(() => { if (this.welcomed && this.pending.get(m.op) === command) this.send(command); }, 200);
        } else {
          this.problems.push(`${m.op} refused: ${m.code} ${m.message}`);
          this.pending.delete(m.op);
        }
      }
    }
  }

  tick() {
    const now = Date.now();
    if (this.socket && !this.welcomed && now - this.openedAt > handshakeGiveUpMs) return this.drop(0);
    if (this.socket && this.welcomed && !this.patient && this.pending.size > 0 && now - this.heardAt > stuckAfterMs) {
      return this.drop(0);
    }
    if (!this.writing || this.pending.size >= maxInFlight) return;
    const n = this.next++;
    const op = `${this.name}-${n}`;
    const command = { type: 'note.add', op, group: this.workshop.group, text: `${this.name} note ${n}: bænk ved åen ✓` };
    this.pending.set(op, command);
    if (this.welcomed) this.send(command);
  }

  stop() {
    this.running = false;
    clearInterval(this.timer);
    this.drop(0);
  }
}

/** A facilitator's socket straight to `url` (a node or nginx), welcomed; retried while `unavailable`. */
async function facilitator(base, workshop, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const outcome = await new Promise((resolve) => {
      const s = new WebSocket(`${base.replace('http', 'ws')}/ws?workshop=${workshop.id}`);
      const answers = [];
      let waiting = null;
      s.onopen = () => s.send(JSON.stringify({ type: 'hello', protocol: 1, workshop: workshop.id, facilitator_key: workshop.facilitator_key }));
      s.onmessage = (e) => {
        const m = JSON.parse(e.data);
        if (m.type === 'welcome') resolve({ socket: s, request: (command) => new Promise((ok) => { waiting = ok; s.send(JSON.stringify(command)); }), answers });
        else if (m.type === 'error' && !m.op) { s.close(); resolve({ refused: m.code }); }
        else if ((m.type === 'ack' || m.type === 'error') && waiting) { const w = waiting; waiting = null; w(m); }
      };
      s.onerror = () => {};
      s.onclose = () => resolve({ refused: 'closed' });
    });
    if (outcome.socket) return outcome;
    if (outcome.refused !== 'unavailable' && outcome.refused !== 'closed') throw new Error(`facilitator refused: ${outcome.refused}`);
    if (Date.now() > deadline) throw new Error(`no node would take workshop ${workshop.id}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What the writers are doing, for a failure's message. */
function describe(list) {
  return list.map((w) => `${w.name} (workshop ${w.workshop.id}, ${w.welcomed ? 'welcomed' : 'not welcomed'}, ` +
    `${w.pending.size} pending, closes ${JSON.stringify(w.closes)}, problems ${JSON.stringify(w.problems)})`).join('; ');
}

async function createWorkshop(base, index) {
  const r = await fetch(`${base}/api/workshops`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: `Klyngetest ${index} – Ærø`, language: 'da', facilitator_name: 'Åse' }),
  });
  assert.equal(r.status, 201, `creating workshop ${index} through ${base}`);
  const created = await r.json();
  const f = await facilitator(`http://127.0.0.1:${nginxPort}`, created);
  const phase = await f.request({ type: 'workshop.set_phase', op: 'f-1', phase: 'breakouts' });
  assert.equal(phase.type, 'ack', JSON.stringify(phase));
  const theme = await f.request({ type: 'theme.propose', op: 'f-2', title: `Tema ${index}` });
  assert.equal(theme.type, 'ack', JSON.stringify(theme));
  const group = await f.request({ type: 'group.open', op: 'f-3', theme: theme.id });
  assert.equal(group.type, 'ack', JSON.stringify(group));
  f.socket.close();
  return { ...created, index, group: group.id };
}

/** The owner of each workshop's lease, without its start token ("node2/3f9c…" → "node2"). */
function owners() {
  const rows = psql('SELECT workshop, owner FROM leases').split('\n').filter(Boolean);
  return new Map(rows.map((row) => { const [id, owner] = row.split('|'); return [id, owner.split('/')[0]]; }));
}

function stored(workshop) {
  const json = psql(`SELECT coalesce(json_agg(e ORDER BY seq), '[]') FROM (SELECT seq, actor, op, type,
    payload::json->>'text' AS text FROM events WHERE workshop = '${workshop.id}') e`);
  const lastSeq = Number(psql(`SELECT last_seq FROM workshops WHERE id = '${workshop.id}'`));
  return { events: JSON.parse(json), lastSeq };
}

test('a cluster of three nodes keeps every acknowledged note through node and database failures', { timeout: 840000 }, async (t) => {
  pgPort = await freePort();
  execFileSync('bash', [pgScript, 'start', pgDir, String(pgPort)], { stdio: 'inherit' });
  dbUrl = execFileSync('bash', [pgScript, 'createdb', pgDir, 'cluster'], { encoding: 'utf8' }).trim();
  const writers = [];
  try {
    for (let i = 1; i <= 3; ++i) nodes.push(new Node(`node${i}`, await freePort()));
    for (const node of nodes) await node.start();
    nginxPort = await freePort();
    await startNginx();

    // Workshops made through nginx (which spreads creations over the nodes) and one on each node.
    const workshops = [];
    for (let i = 0; i < workshopCount; ++i) {
      const base = i < nodes.length ? nodes[i].url : `http://127.0.0.1:${nginxPort}`;
      workshops.push(await createWorkshop(base, i));
    }
    const byId = new Map(workshops.map((w) => [w.id, w]));
    for (const w of workshops) for (let p = 0; p < writersPerWorkshop; ++p) writers.push(new Writer(w, p));
    await waitFor(() => writers.every((w) => w.acks >= 3), 30000, 'every writer to have notes acknowledged');

    const resumes = [];
    let affected = [];
    /**
     * Marks the moment of a fault: each writer notes its first acknowledgement after it. The
     * writers it hits are those in the workshops `node` holds (every writer when no node is named).
     */
    function markFault(node) {
      const since = Date.now();
      const held = owners();
      affected = writers.filter((w) => !node || held.get(w.workshop.id) === node.name);
      for (const w of writers) { w.faultAt = since; w.resumedAt = 0; }
      return since;
    }
    /** Waits until every writer has had a note acknowledged since the fault; records how long those it hit waited. */
    async function everyWriterAcknowledgedSince(since, label) {
      await waitFor(() => writers.every((w) => w.resumedAt > 0), faultTimeoutMs, `every writer to write again after ${label}`)
        .catch((e) => { throw new Error(`${e.message}; waiting: ${describe(writers.filter((w) => !w.resumedAt))}`); });
      const waits = (affected.length ? affected : writers).map((w) => w.resumedAt - since).sort((a, b) => a - b);
      resumes.push({ label, writers: waits.length, median: waits[Math.floor(waits.length / 2)], max: waits.at(-1) });
    }

    /** With the writers paused and caught up: the log, the acks and the streams agree. */
    async function check(label, { resume = true } = {}) {
      for (const w of writers) w.writing = false;
      await waitFor(() => writers.every((w) => w.pending.size === 0), faultTimeoutMs, `every note acknowledged (${label})`)
        .catch((e) => { throw new Error(`${e.message}; waiting: ${describe(writers.filter((w) => w.pending.size))}`); });
      for (const workshop of workshops) {
        const { events, lastSeq } = stored(workshop);
        const seqs = events.map((e) => Number(e.seq));
        assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `${label}: workshop ${workshop.index}'s seqs run 1..N without a gap`);
        assert.equal(lastSeq, seqs.length, `${label}: workshop ${workshop.index}'s last_seq is its last event`);
        const ops = new Map();
        for (const e of events) {
          if (!e.op) continue;
          assert.ok(!ops.has(e.op), `${label}: op ${e.op} stored once, not at seq ${ops.get(e.op)} and ${e.seq}`);
          ops.set(e.op, e);
        }
        const texts = new Set();
        for (const e of events.filter((x) => x.type === 'note.added')) {
          assert.ok(!texts.has(e.text), `${label}: the note "${e.text}" stored once`);
          texts.add(e.text);
        }
        for (const w of writers.filter((x) => x.workshop === workshop)) {
          for (const [op, seq] of w.acked) {
            const e = ops.get(op);
            assert.ok(e, `${label}: acknowledged op ${op} is stored`);
            assert.equal(Number(e.seq), seq, `${label}: op ${op} is stored at the seq its ack named`);
            assert.equal(Number(e.actor), w.participant, `${label}: op ${op} is stored as its writer's`);
          }
        }
        await waitFor(() => writers.filter((x) => x.workshop === workshop).every((w) => w.lastSeq === lastSeq), 30000,
          `${label}: workshop ${workshop.index}'s clients to hold every event`);
      }
      for (const w of writers) assert.deepEqual(w.problems, [], `${label}: ${w.name}'s stream and answers`);
      if (resume) for (const w of writers) w.writing = true;
    }

    const busiest = () => {
      const counts = psql('SELECT workshop, count(*) FROM events GROUP BY workshop ORDER BY 2 DESC').split('\n');
      const held = owners();
      const id = counts.map((row) => row.split('|')[0]).find((w) => held.has(w) && byId.has(w));
      return { id, node: nodes.find((n) => n.name === held.get(id)) };
    };

    // 1. SIGKILL the node that holds the busiest workshop, then start it again.
    {
      const { node } = busiest();
      const since = markFault(node);
      await node.kill();
      await everyWriterAcknowledgedSince(since, `SIGKILL of ${node.name}`);
      await check('after SIGKILL');
      await node.start();
      const back = markFault();
      await everyWriterAcknowledgedSince(back, `${node.name} back`);
      await check(`after ${node.name} came back`);
    }

    // 2. SIGSTOP a node past its lease. A client that reaches another node (nginx would send it
    // there once the paused node fails its checks) takes the workshop over once the lease has
    // expired; then the paused node goes on, with notes sent to it while it was paused waiting in
    // its sockets: none of them may be acknowledged by it.
    {
      const { id, node } = busiest();
      const other = nodes.find((n) => n !== node);
      const since = markFault(node);
      node.signal('SIGSTOP');
      const taker = await facilitator(other.url, byId.get(id), 60000);
      await waitFor(() => owners().get(id) === other.name, 10000, `${other.name} to hold workshop ${byId.get(id).index}`);
      taker.socket.close();
      node.signal('SIGCONT');
      await everyWriterAcknowledgedSince(since, `SIGSTOP of ${node.name}`);
      await check('after SIGSTOP and SIGCONT');
    }

    // 3. Every node's database connection cut.
    {
      const since = markFault();
      psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'cluster' AND pid <> pg_backend_pid()");
      await everyWriterAcknowledgedSince(since, 'pg_terminate_backend');
      await check('after pg_terminate_backend');
    }

    // 4. PostgreSQL restarted.
    {
      const since = markFault();
      execFileSync('bash', [pgScript, 'restart', pgDir], { stdio: 'inherit' });
      await everyWriterAcknowledgedSince(since, 'a PostgreSQL restart');
      await check('after a PostgreSQL restart', { resume: false });
    }

    // Everything from any node: an export read through nginx, a short code on every node, and
    // each node's own metrics, with the writers paused.
    const sample = workshops[0];
    const exported = await fetch(`http://127.0.0.1:${nginxPort}/api/workshops/${sample.id}/export.json?key=${sample.facilitator_key}`);
    assert.equal(exported.status, 200);
    const archive = await exported.json();
    const notes = (events) => events.filter((e) => e.type === 'note.added').map((e) => e.text).sort();
    assert.deepEqual(notes(archive.events), notes(stored(sample).events), 'the export holds every stored note');
    const holder = owners().get(sample.id);
    for (const node of nodes) {
      const code = await fetch(`${node.url}/api/codes/${sample.short_code}`);
      assert.equal(code.status, 200, `${node.name} finds the short code`);
      assert.equal((await code.json()).workshop, sample.id, `${node.name} finds the short code's workshop`);
      const metrics = await (await fetch(`${node.url}/metrics`)).text();
      for (const name of ['samling_workshops_handed_over_total', 'samling_leases_lost_total', 'samling_workshops_elsewhere_total']) {
        assert.match(metrics, new RegExp(`^${name} \\d+`, 'm'), `${node.name}'s metrics have ${name}`);
      }
    }

    assert.equal(owners().get(sample.id), holder, 'looking the short code up on every node moved the workshop nowhere');
    const moved = writers.reduce((sum, w) => sum + (w.closes[4012] || 0), 0);
    const total = writers.reduce((sum, w) => sum + w.acked.size, 0);
    t.diagnostic(`${total} notes acknowledged by ${writers.length} writers in ${workshops.length} workshops; ${moved} closes with 4012`);
    for (const r of resumes) {
      t.diagnostic(`writing again after ${r.label} (${r.writers} writers hit): median ${r.median} ms, slowest ${r.max} ms`);
    }
  } finally {
    for (const w of writers) w.stop();
    if (nginx && nginx.exitCode === null) nginx.kill('SIGTERM');
    for (const node of nodes) await node.kill();
    try { execFileSync('bash', [pgScript, 'stop', pgDir]); } catch { /* already stopped */ }
    if (process.env.SAMLING_KEEP_CLUSTER) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
});

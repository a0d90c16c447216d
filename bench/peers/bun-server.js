// Bun.serve with its built-in pub/sub (uWebSockets underneath): parse a note, stamp the room's
// next sequence number, publish it to the room. With SQLITE=1 it first appends the note to
// bun:sqlite with the durability Samling uses (WAL, synchronous=FULL), one transaction per note.
import { Database } from 'bun:sqlite';

const port = Number(process.env.PORT || 9002);
const seqs = new Map();
let insert = null;
if (process.env.SQLITE === '1') {
  const db = new Database(process.env.DB || 'bench-bun.db');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS notes (room TEXT, seq INTEGER, text TEXT, PRIMARY KEY (room, seq))');
  insert = db.prepare('INSERT INTO notes (room, seq, text) VALUES (?, ?, ?)');
}
const server = Bun.serve({
  port,
  fetch(request, srv) {
    const room = new URL(request.url).searchParams.get('room') ?? '';
    if (srv.upgrade(request, { data: { room } })) return undefined;
    return new Response('WebSocket only', { status: 400 });
  },
  websocket: {
    perMessageDeflate: false,
    open(socket) { socket.subscribe(socket.data.room); },
    message(socket, message) {
      const note = JSON.parse(message);
      const room = socket.data.room;
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      if (insert) insert.run(room, seq, note.text);
      server.publish(room, JSON.stringify({ seq, room: note.room, text: note.text }));
    },
  },
});
console.error(`bun peer listening on ${port}`);

// Node.js + ws: parse a note, stamp the room's next sequence number, send it to everyone in the room.
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT || 9001);
const rooms = new Map();  // room → { seq, members }
const server = new WebSocketServer({ port, perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const name = new URL(request.url, 'http://peer').searchParams.get('room') ?? '';
  if (!rooms.has(name)) rooms.set(name, { seq: 0, members: new Set() });
  const room = rooms.get(name);
  room.members.add(socket);
  socket.on('message', (data) => {
    const note = JSON.parse(data);
    const out = JSON.stringify({ seq: ++room.seq, room: note.room, text: note.text });
    for (const member of room.members) member.send(out);
  });
  socket.on('close', () => room.members.delete(socket));
});
server.on('listening', () => console.error(`ws peer listening on ${port}`));

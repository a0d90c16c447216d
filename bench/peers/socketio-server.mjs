// socket.io rooms, WebSocket transport only: parse a note, stamp the room's next sequence number,
// emit it to the room.
import { Server } from 'socket.io';

const port = Number(process.env.PORT || 9003);
const seqs = new Map();
const io = new Server(port, { transports: ['websocket'], perMessageDeflate: false, pingInterval: 120000, pingTimeout: 120000 });
io.on('connection', (socket) => {
  const room = String(socket.handshake.query.room ?? '');
  socket.join(room);
  socket.on('note', (note) => {
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    io.to(room).emit('note', { seq, room: note.room, text: note.text });
  });
});
console.error(`socket.io peer listening on ${port}`);

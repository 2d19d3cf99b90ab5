// In-page tests of HbtpSocket against a scripted WebSocket (no server): sequence allocation,
// hbtp.v1 negotiation, credits, refusals and retries. Loaded by runtime-test.js.
import { HbtpSocket, HbtpError, Op, Flag, ErrorCode, encodeFrame, decodeFrame, codeAndText, concat, metadataValue } from './runtime.js';
import { test, assert, assertEq } from './runtime-test.js';

/** A WebSocket the test drives: records what the socket sends, delivers what the test "receives". */
class ScriptedWebSocket {
  static made = [];

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.protocol = '';
    this.sent = [];
    ScriptedWebSocket.made.push(this);
  }

  open(protocol = 'hbtp.v1.1') {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.();
  }

  send(bytes) {
    this.sent.push(decodeFrame(new Uint8Array(bytes)));
  }

  receive(data) {
    this.onmessage?.({ data: typeof data === 'string' ? data : data.slice().buffer });
  }

  close(code = 1000) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code }), 0);
  }

  /** Frames sent with `opcode`. */
  frames(opcode) {
    return this.sent.filter((f) => f.opcode === opcode);
  }
}

const quiet = { error() {}, info() {}, warn() {} };

function socket(options = {}) {
  ScriptedWebSocket.made = [];
  const s = new HbtpSocket('ws://test/hbtp', { WebSocket: ScriptedWebSocket, log: quiet, backoffInitialMs: 1, ...options }).start();
  return { s, ws: () => ScriptedWebSocket.made[ScriptedWebSocket.made.length - 1] };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits (2 s at most) for the socket to open a WebSocket other than `previous`; returns it. */
async function nextWebSocket(previous) {
  for (let i = 0; i < 400; i++) {
    const last = ScriptedWebSocket.made[ScriptedWebSocket.made.length - 1];
    if (last !== previous) return last;
    await tick(5);
  }
  throw new Error('no new WebSocket within 2 s');
}

test('socket: offers hbtp.v1.1 then hbtp.v1; sequences skip 0 and those in use', async () => {
  const { s, ws } = socket();
  assertEq(ws().protocols, ['hbtp.v1.1', 'hbtp.v1'], 'subprotocols');
  ws().open();
  s.nextSequence = 0xfffe;
  const calls = [s.call(1, 'a'), s.call(1, 'b'), s.call(1, 'c')];
  s.nextSequence = 1;
  calls.push(s.call(1, 'd'));
  calls.forEach((c) => c.catch(() => {}));
  assertEq(ws().frames(Op.RPC_CALL).map((f) => f.sequence), [0xfffe, 0xffff, 1, 2], 'sequences');
  assert(ws().frames(Op.RPC_CALL).every((f) => f.flags === Flag.EXPECTS_RESPONSE), 'EXPECTS_RESPONSE');
  s.stop();
});

test('socket: answers matched by sequence in any order, RpcError rejects with code and message', async () => {
  const { s, ws } = socket();
  ws().open();
  const a = s.call(1, 'a');
  const b = s.call(1, 'b');
  const [fa, fb] = ws().frames(Op.RPC_CALL);
  ws().receive(encodeFrame(Op.RPC_ERROR, 0, fb.sequence, codeAndText(1042, 'nope')));
  ws().receive(encodeFrame(Op.RPC_RESPONSE, 0, fa.sequence, 'A', [['k', 'v']]));
  const ra = await a;
  assertEq([new TextDecoder().decode(ra.body), metadataValue(ra.metadata, 'k')], ['A', 'v'], 'response');
  const e = await b.then(() => null, (x) => x);
  assert(e instanceof HbtpError && e.code === 1042 && e.serverMessage === 'nope', `error ${e}`);
  s.stop();
});

test('socket: on hbtp.v1 no metadata and no credits are sent', async () => {
  const { s, ws } = socket();
  ws().open('hbtp.v1');
  const e = await s.call(1, 'x', { metadata: { a: 'b' } }).then(() => null, (x) => x);
  assert(e && /hbtp.v1.1/.test(e.message), `refused: ${e?.message}`);
  s.stream(2, 'q', () => {}, { credits: 2 });
  const start = ws().frames(Op.RPC_STREAM_START)[0];
  assertEq([start.flags, start.metadata.length], [0, 0], 'plain start');
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, 'x'));
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, 'y'));
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, 'z'));
  await tick();
  assertEq([ws().frames(Op.RPC_STREAM_CREDIT).length, s.stats.badFrames], [0, 0], 'no credit frames, no limit');
  s.stop();
});

test('socket: hbtp-credit on the start, grants after consumption, a chunk beyond credit is BAD_FRAME', async () => {
  const { s, ws } = socket();
  ws().open();
  const got = [];
  s.stream(2, 'q', (b) => got.push(b[0]), { credits: 2 });
  const start = ws().frames(Op.RPC_STREAM_START)[0];
  assertEq(metadataValue(start.metadata, 'hbtp-credit'), 2, 'hbtp-credit');
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, Uint8Array.of(1)));
  await tick();
  const grant = ws().frames(Op.RPC_STREAM_CREDIT);
  assertEq(grant.map((f) => [f.sequence, new DataView(f.body.buffer, f.body.byteOffset).getUint32(0, true)]), [[start.sequence, 1]], 'grant of 1');
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, Uint8Array.of(2)));
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, Uint8Array.of(3)));
  assertEq(s.stats.badFrames, 0, 'within credit');
  ws().receive(encodeFrame(Op.RPC_STREAM_CHUNK, 0, start.sequence, Uint8Array.of(4)));
  assertEq(s.stats.badFrames, 1, 'the fourth chunk had no credit');
  assert(/without credit/.test(s.stats.lastError), s.stats.lastError);
  const close = ws().frames(Op.CLOSE)[0];
  assertEq(new DataView(close.body.buffer, close.body.byteOffset).getUint16(0, true), ErrorCode.BAD_FRAME, 'Close BAD_FRAME');
  assertEq(ws().readyState, 3, 'closed');
  s.stop();
});

test('socket: a text message, a bad frame and Pong handling', async () => {
  const { s, ws } = socket();
  ws().open();
  ws().receive(encodeFrame(Op.PING, 0, 7, 'hi'));
  assertEq(ws().frames(Op.PONG).map((f) => [f.sequence, new TextDecoder().decode(f.body)]), [[7, 'hi']], 'Pong');
  const first = ws();
  first.receive('text');
  assertEq(s.stats.badFrames, 1, 'text refused');
  (await nextWebSocket(first)).open();
  ws().receive(concat([encodeFrame(Op.PING, 0, 1, ''), Uint8Array.of(0)]));
  assert(/length mismatch/.test(s.stats.lastError), s.stats.lastError);
  s.stop();
});

test('socket: a call refused SHUTTING_DOWN after GoAway is sent again on the next connection', async () => {
  const { s, ws } = socket();
  ws().open();
  const first = ws();
  const p = s.call(5, 'again');
  const seq = first.frames(Op.RPC_CALL)[0].sequence;
  first.receive(encodeFrame(Op.GO_AWAY, 0, 0, codeAndText(ErrorCode.SHUTTING_DOWN, 'bye')));
  const later = s.call(5, 'later');
  assertEq(first.frames(Op.RPC_CALL).length, 1, 'nothing new after GoAway');
  first.receive(encodeFrame(Op.RPC_ERROR, 0, seq, codeAndText(ErrorCode.SHUTTING_DOWN, 'draining')));
  assertEq(first.readyState, 3, 'closed once nothing is in flight');
  const second = await nextWebSocket(first);
  second.open();
  const calls = second.frames(Op.RPC_CALL);
  assertEq(calls.map((f) => new TextDecoder().decode(f.body.subarray(2))).sort(), ['again', 'later'], 'both on the new connection');
  calls.forEach((f) => second.receive(encodeFrame(Op.RPC_RESPONSE, 0, f.sequence, 'ok')));
  await p;
  await later;
  s.stop();
});

test('socket: after GoAway a call that never answers is given drainTimeoutMs, then the connection is replaced', async () => {
  const { s, ws } = socket({ drainTimeoutMs: 20 });
  ws().open();
  const first = ws();
  const hanging = s.call(5, 'never answered').then(() => 'answered', (e) => e.codeName);
  first.receive(encodeFrame(Op.GO_AWAY, 0, 0, codeAndText(ErrorCode.SHUTTING_DOWN, 'bye')));
  assertEq(await hanging, 'CONNECTION_LOST', 'the hanging call fails once the drain timed out');
  await nextWebSocket(first);
  s.stop();
});

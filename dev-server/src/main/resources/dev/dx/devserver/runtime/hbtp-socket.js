// HbtpSocket: HBTP over one WebSocket at a time (docs/hbtp.md §1, §7, §8, §11), with calls matched
// by sequence, server streams with credits, GoAway drain and reconnection with backoff.
import {
  Op, Flag, ErrorCode, errorCodeName, HbtpFrameError, DEFAULT_MAX_FRAME_LENGTH,
  encodeFrame, decodeFrame, decodeInnerFrames, codeAndText, decodeUtf8, toBytes, concat,
} from './hbtp-frame.js';

export const SUBPROTOCOLS = Object.freeze(['hbtp.v1.1', 'hbtp.v1']);

/** A call or stream that failed: RpcError from the server (`code` of §9) or a lost connection (`code` 0). */
export class HbtpError extends Error {
  constructor(code, message, metadata = []) {
    super(code === 0 ? message : `${errorCodeName(code)} (${code}): ${message}`);
    this.name = 'HbtpError';
    this.code = code;
    this.codeName = code === 0 ? 'CONNECTION_LOST' : errorCodeName(code);
    this.serverMessage = message;
    this.metadata = metadata;
  }
}

const DEFAULTS = {
  protocols: SUBPROTOCOLS,
  maxFrameLength: DEFAULT_MAX_FRAME_LENGTH,
  backoffInitialMs: 100,
  backoffMaxMs: 5000,
  /** Credits a stream starts with when `stream()` is not told (§11.3). */
  streamCredits: 8,
  /** After GoAway, the longest wait for the calls in flight before the old connection is closed anyway. */
  drainTimeoutMs: 30000,
};

function u16le(n) {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n, true);
  return b;
}

function u32le(n) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/**
 * HBTP over WebSocket. `new HbtpSocket(url, options).start()` connects, and reconnects after any
 * close until `stop()`. Options: `onOpen(socket)` (each time a connection opens, before queued calls
 * go out: the runtime sends `hello` there), `onFrame(frame)` (ServerEvent, Htip* and other frames the
 * socket does not handle itself), `protocols`, `maxFrameLength`, `backoffInitialMs`, `backoffMaxMs`,
 * `streamCredits`, `drainTimeoutMs`, `WebSocket` (a constructor, for tests) and `log` (console by default).
 *
 * Calls made while no connection is open wait for the next one. On GoAway (§11.4) nothing new is
 * sent on the old connection: calls in flight finish there, streams are cancelled and re-opened on
 * the new one, which is opened once nothing is left in flight.
 */
export class HbtpSocket {
  constructor(url, options = {}) {
    this.url = url;
    this.options = { ...DEFAULTS, ...options };
    this.log = this.options.log ?? console;
    this.state = 'idle';
    this.ws = null;
    this.protocol = null;
    this.inFlight = new Map();
    this.pending = [];
    this.nextSequence = 1;
    this.connection = 0;
    this.attempt = 0;
    this.fatalStreak = 0;
    this.reconnectTimer = null;
    this.stats = { connects: 0, closes: 0, badFrames: 0, goAways: 0, pingsAnswered: 0, pongs: 0,
      dropped: 0, creditsGranted: 0, lastError: null };
  }

  /** Whether the open connection negotiated hbtp.v1.1, so §11 frames may be sent. */
  get isV11() {
    return this.protocol === 'hbtp.v1.1';
  }

  /** Opens the first connection. Returns this. */
  start() {
    if (this.state === 'idle') this.connect();
    return this;
  }

  /** Closes for good: no reconnection; calls waiting or in flight fail, streams end as cancelled. */
  stop() {
    this.state = 'closed';
    clearTimeout(this.reconnectTimer);
    for (const e of this.inFlight.values()) {
      if (e.kind === 'stream') e.cancelled = true;
    }
    for (const e of this.pending.splice(0)) {
      if (e.kind === 'stream') e.cancelled = true;
      this.settleLost(e, 'socket stopped');
    }
    if (this.ws) this.ws.close(1000, 'stopped');
  }

  /**
   * RpcCall (§7): resolves `{body, metadata}` with the RpcResponse, rejects an HbtpError with the
   * RpcError's code and message. Options: `metadata` (§11.1, needs hbtp.v1.1), `timeoutMs`
   * (`hbtp-timeout`, §11.2), `signal` (an AbortSignal: RpcCancel).
   */
  call(route, args, { metadata, timeoutMs, signal } = {}) {
    return new Promise((resolve, reject) => {
      if (this.state === 'closed') {
        reject(new HbtpError(0, 'socket stopped'));
        return;
      }
      const md = withTimeout(metadata, timeoutMs);
      const entry = { kind: 'call', route, args: toBytes(args), metadata: md, resolve, reject, seq: 0, retried: false };
      if (signal) {
        if (signal.aborted) {
          reject(new HbtpError(ErrorCode.CANCELLED, 'aborted before it was sent'));
          return;
        }
        signal.addEventListener('abort', () => this.cancelEntry(entry), { once: true });
      }
      this.submit(entry);
    });
  }

  /**
   * A server stream (§7, §11.3): RpcStreamStart with `hbtp-credit = credits`, then `onChunk(bytes)`
   * for each RpcStreamChunk in order; a chunk counts as consumed once onChunk returns (or the promise
   * it returns settles), and consumed chunks are granted back with RpcStreamCredit. Returns
   * `{cancel(), done}`: done resolves `{how: 'end' | 'cancelled', body}` or rejects an HbtpError.
   * With `resume` (default true) a stream cut by GoAway or a lost connection is started again on
   * the next connection.
   */
  stream(route, args, onChunk, { credits = this.options.streamCredits, metadata, resume = true } = {}) {
    if (credits !== null && (!Number.isInteger(credits) || credits < 1 || credits > 0xffffffff)) {
      throw new RangeError(`credits : ${credits} (expected: 1..2^32-1, or null for none)`);
    }
    let settle;
    const done = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    const entry = { kind: 'stream', route, args: toBytes(args), metadata, onChunk, credits, resume, settle,
      seq: 0, cancelled: false, remaining: 0, consumed: 0, chain: Promise.resolve(), chunks: 0 };
    const handle = {
      cancel: () => this.cancelEntry(entry),
      done,
      get chunks() { return entry.chunks; },
    };
    if (this.state === 'closed') {
      settle.reject(new HbtpError(0, 'socket stopped'));
      return handle;
    }
    this.submit(entry);
    return handle;
  }

  /** ClientEvent (0x40) with `body` (a string is sent as UTF-8), on the open connection only. */
  sendEvent(body) {
    if (this.state !== 'open') return false;
    this.send(encodeFrame(Op.CLIENT_EVENT, 0, 0, body));
    return true;
  }

  // ---- connection ---------------------------------------------------------------------------------

  connect() {
    this.state = 'connecting';
    const Ws = this.options.WebSocket ?? globalThis.WebSocket;
    const ws = new Ws(this.url, [...this.options.protocols]);
    ws.binaryType = 'arraybuffer';
    const connection = ++this.connection;
    this.ws = ws;
    ws.onopen = () => this.opened(ws);
    ws.onmessage = (m) => {
      if (this.ws === ws) this.received(m.data);
    };
    ws.onclose = (ev) => {
      if (this.ws === ws || this.connection === connection) this.closed(ws, ev);
    };
    ws.onerror = () => {};
  }

  opened(ws) {
    if (this.ws !== ws) return;
    if (!this.options.protocols.includes(ws.protocol)) {
      this.fatal(new HbtpFrameError(ErrorCode.BAD_FRAME, `the server chose subprotocol "${ws.protocol}", not one of ${this.options.protocols}`));
      return;
    }
    this.protocol = ws.protocol;
    this.state = 'open';
    this.attempt = 0;
    this.stats.connects++;
    try {
      this.options.onOpen?.(this);
    } catch (e) {
      this.log.error('dx hbtp: onOpen failed', e);
    }
    for (const e of this.pending.splice(0)) this.sendEntry(e);
  }

  closed(ws, ev) {
    if (this.ws === ws) this.ws = null;
    this.stats.closes++;
    const wasFatal = this.closingFatal;
    this.closingFatal = false;
    this.fatalStreak = wasFatal ? this.fatalStreak + 1 : 0;
    if (this.state !== 'closed') this.state = 'connecting';
    for (const e of [...this.inFlight.values()]) {
      this.inFlight.delete(e.seq);
      if (e.kind === 'stream' && e.resume && !e.cancelled) this.requeue(e);
      else this.settleLost(e, `connection closed (${ev?.code ?? '?'}) before the answer`);
    }
    if (this.state === 'closed') return;
    const step = Math.max(this.attempt, this.fatalStreak);
    this.attempt++;
    const base = step === 0 ? 0 : Math.min(this.options.backoffMaxMs, this.options.backoffInitialMs * 2 ** (step - 1));
    const delay = Math.round(base * (0.8 + 0.4 * Math.random()));
    this.reconnectTimer = setTimeout(() => {
      if (this.state !== 'closed') this.connect();
    }, delay);
  }

  /** A frame the runtime refuses: console error, Close with the code, then the WebSocket is closed. */
  fatal(error) {
    this.stats.badFrames++;
    this.stats.lastError = error.message;
    this.log.error(`dx hbtp: ${error.message}; closing the connection`);
    const ws = this.ws;
    if (!ws) return;
    this.closingFatal = true;
    if (ws.readyState === 1) {
      try {
        ws.send(encodeFrame(Op.CLOSE, Flag.FINAL, 0, codeAndText(error.code ?? ErrorCode.BAD_FRAME, error.message.slice(0, 120))));
      } catch (e) { /* closing anyway */ }
    }
    this.state = this.state === 'closed' ? 'closed' : 'failed';
    ws.close(1000, 'bad frame');
  }

  /** Sends on the current WebSocket; false (nothing sent) when there is none open. */
  send(bytes) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(bytes);
    return true;
  }

  // ---- calls and streams ---------------------------------------------------------------------------

  submit(entry) {
    if (this.state === 'open') this.sendEntry(entry);
    else this.pending.push(entry);
  }

  allocateSequence() {
    for (let i = 0; i < 0xffff; i++) {
      const s = this.nextSequence;
      this.nextSequence = s === 0xffff ? 1 : s + 1;
      if (!this.inFlight.has(s)) return s;
    }
    return 0;
  }

  sendEntry(entry) {
    if (entry.kind === 'stream' && entry.cancelled) {
      entry.settle.resolve({ how: 'cancelled' });
      return;
    }
    const v11 = this.isV11;
    let metadata = entry.metadata;
    if (entry.kind === 'stream' && entry.credits !== null && v11) {
      metadata = [...(Array.isArray(metadata) ? metadata : Object.entries(metadata ?? {})), ['hbtp-credit', entry.credits]];
    }
    const hasMetadata = metadata && (Array.isArray(metadata) ? metadata.length : Object.keys(metadata).length) > 0;
    if (hasMetadata && !v11) {
      this.settleFailed(entry, new HbtpError(0, 'metadata needs hbtp.v1.1; the server chose hbtp.v1'));
      return;
    }
    const seq = this.allocateSequence();
    if (seq === 0) {
      this.settleFailed(entry, new HbtpError(ErrorCode.RESOURCE_EXHAUSTED, '65535 calls in flight: no free sequence'));
      return;
    }
    const opcode = entry.kind === 'call' ? Op.RPC_CALL : Op.RPC_STREAM_START;
    const flags = entry.kind === 'call' ? Flag.EXPECTS_RESPONSE : 0;
    let frame;
    try {
      frame = encodeFrame(opcode, flags, seq, concat([u16le(entry.route), entry.args]), hasMetadata ? metadata : undefined);
    } catch (e) {
      this.settleFailed(entry, e);
      return;
    }
    entry.seq = seq;
    if (entry.kind === 'stream') {
      entry.remaining = entry.credits !== null && v11 ? entry.credits : Infinity;
      entry.consumed = 0;
      entry.reopening = false;
    }
    this.inFlight.set(seq, entry);
    this.send(frame);
  }

  cancelEntry(entry) {
    if (entry.cancelled) return;
    entry.cancelled = true;
    const i = this.pending.indexOf(entry);
    if (i >= 0) {
      this.pending.splice(i, 1);
      this.settleCancelled(entry);
    } else if (entry.seq && this.inFlight.get(entry.seq) === entry && this.state !== 'connecting') {
      this.send(encodeFrame(Op.RPC_CANCEL, 0, entry.seq));
    }
  }

  requeue(entry) {
    entry.seq = 0;
    if (this.state === 'open') this.sendEntry(entry);
    else this.pending.push(entry);
  }

  settleLost(entry, why) {
    if (entry.kind === 'stream' && entry.cancelled) this.settleCancelled(entry);
    else this.settleFailed(entry, new HbtpError(0, why));
  }

  settleFailed(entry, error) {
    if (entry.kind === 'call') entry.reject(error);
    else entry.settle.reject(error);
  }

  settleCancelled(entry) {
    if (entry.kind === 'call') entry.reject(new HbtpError(ErrorCode.CANCELLED, 'cancelled'));
    else entry.settle.resolve({ how: 'cancelled' });
  }

  // ---- receiving -----------------------------------------------------------------------------------

  received(data) {
    if (typeof data === 'string') {
      this.fatal(new HbtpFrameError(ErrorCode.BAD_FRAME, 'a text WebSocket message: HBTP travels in binary messages'));
      return;
    }
    let frame;
    try {
      frame = decodeFrame(new Uint8Array(data), { maxFrameLength: this.options.maxFrameLength });
    } catch (e) {
      this.fatal(e);
      return;
    }
    try {
      if (frame.opcode === Op.BATCH) {
        if (frame.sequence !== 0 || (frame.flags & (Flag.EXPECTS_RESPONSE | Flag.FINAL | Flag.HAS_METADATA))) {
          throw new HbtpFrameError(ErrorCode.BAD_FRAME, 'Batch with a sequence or EXPECTS_RESPONSE, FINAL or HAS_METADATA');
        }
        for (const inner of decodeInnerFrames(frame.body, { maxFrameLength: this.options.maxFrameLength, what: 'Batch' })) {
          this.handle(inner);
        }
      } else {
        this.handle(frame);
      }
    } catch (e) {
      if (e instanceof HbtpFrameError) this.fatal(e);
      else throw e;
    }
    if (this.state === 'draining') this.finishDrainIfIdle();
  }

  handle(frame) {
    switch (frame.opcode) {
      case Op.PING:
        this.send(encodeFrame(Op.PONG, 0, frame.sequence, frame.body));
        this.stats.pingsAnswered++;
        return;
      case Op.PONG:
        this.stats.pongs++;
        return;
      case Op.CLOSE:
        if (this.ws) this.ws.close(1000, 'closed by the server');
        return;
      case Op.GO_AWAY:
        this.goAway(frame);
        return;
      case Op.RPC_RESPONSE:
        this.answer(frame, (e) => {
          if (e.kind === 'call') e.resolve({ body: frame.body, metadata: frame.metadata });
        });
        return;
      case Op.RPC_ERROR:
        this.rpcError(frame);
        return;
      case Op.RPC_STREAM_CHUNK:
        this.chunk(frame);
        return;
      case Op.RPC_STREAM_END:
        this.answer(frame, (e) => {
          if (e.kind !== 'stream') return;
          if (e.reopening && !e.cancelled) this.requeue(e);
          else afterChunks(e, () => e.settle.resolve({ how: e.cancelled ? 'cancelled' : 'end', body: frame.body, metadata: frame.metadata }));
        });
        return;
      default:
        if (this.options.onFrame && [Op.SERVER_EVENT, Op.HTIP_BATCH, Op.HTIP_PATCH_TEXT, Op.HTIP_PATCH_ATTR].includes(frame.opcode)) {
          this.options.onFrame(frame, this);
        } else if (frame.flags & Flag.EXPECTS_RESPONSE) {
          this.send(encodeFrame(Op.RPC_ERROR, 0, frame.sequence,
            codeAndText(ErrorCode.UNKNOWN_OPCODE, `opcode 0x${frame.opcode.toString(16)} unknown to the browser runtime`)));
        } else {
          this.stats.dropped++;
        }
    }
  }

  /** Takes the in-flight entry the answer's sequence names and runs `then` with it; stray answers are dropped. */
  answer(frame, then) {
    const entry = this.inFlight.get(frame.sequence);
    if (!entry) {
      this.stats.dropped++;
      return;
    }
    this.inFlight.delete(frame.sequence);
    then(entry);
  }

  rpcError(frame) {
    const view = new DataView(frame.body.buffer, frame.body.byteOffset, 2);
    const code = view.getUint16(0, true);
    const message = decodeUtf8(frame.body.subarray(2), 'RpcError message');
    this.answer(frame, (e) => {
      const error = new HbtpError(code, message, frame.metadata);
      if (e.kind === 'call') {
        // §11.4: a call refused with SHUTTING_DOWN was never run; it is sent again on the next connection
        if (code === ErrorCode.SHUTTING_DOWN && !e.retried && !e.cancelled) {
          e.retried = true;
          e.seq = 0;
          this.pending.push(e);
        } else {
          e.reject(error);
        }
      } else if (e.cancelled) {
        afterChunks(e, () => e.settle.resolve({ how: 'cancelled' }));
      } else if (e.resume && (e.reopening || code === ErrorCode.SHUTTING_DOWN)) {
        this.requeue(e);
      } else {
        afterChunks(e, () => e.settle.reject(error));
      }
    });
  }

  chunk(frame) {
    const e = this.inFlight.get(frame.sequence);
    if (!e || e.kind !== 'stream') {
      this.stats.dropped++;
      return;
    }
    if (e.remaining === 0) {
      throw new HbtpFrameError(ErrorCode.BAD_FRAME, `RpcStreamChunk without credit on stream ${frame.sequence}`);
    }
    e.remaining--;
    e.chunks++;
    if (e.cancelled || e.reopening) return;
    const seq = e.seq;
    const connection = this.connection;
    e.chain = e.chain
      .then(() => e.onChunk(frame.body))
      .catch((err) => this.log.error(`dx hbtp: the consumer of stream ${seq} failed`, err))
      .then(() => this.consumed(e, seq, connection));
  }

  /** A chunk was consumed: grants credits back in batches of half the initial credit (at least 1). */
  consumed(e, seq, connection) {
    if (e.remaining === Infinity || e.cancelled || e.reopening || e.seq !== seq || connection !== this.connection
      || this.inFlight.get(seq) !== e || this.state !== 'open') {
      return;
    }
    e.consumed++;
    if (e.consumed >= Math.max(1, Math.floor(e.credits / 2))) {
      this.send(encodeFrame(Op.RPC_STREAM_CREDIT, 0, seq, u32le(e.consumed)));
      this.stats.creditsGranted += e.consumed;
      e.remaining += e.consumed;
      e.consumed = 0;
    }
  }

  goAway(frame) {
    this.stats.goAways++;
    const code = frame.body.length >= 2 ? new DataView(frame.body.buffer, frame.body.byteOffset, 2).getUint16(0, true) : 0;
    this.log.info?.(`dx hbtp: GoAway ${errorCodeName(code)} from the server; draining, then reconnecting`);
    if (this.state !== 'open') return;
    this.state = 'draining';
    const ws = this.ws;
    setTimeout(() => {
      if (this.ws === ws && this.state === 'draining') ws.close(1000, 'GoAway drain timed out');
    }, this.options.drainTimeoutMs);
    for (const e of this.inFlight.values()) {
      if (e.kind === 'stream' && !e.cancelled && e.resume) {
        e.reopening = true;
        this.send(encodeFrame(Op.RPC_CANCEL, 0, e.seq));
      }
    }
  }

  finishDrainIfIdle() {
    if (this.inFlight.size === 0 && this.ws) this.ws.close(1000, 'drained after GoAway');
  }
}

/** Runs `then` once every chunk delivered so far has been consumed, so `done` settles after the last onChunk. */
function afterChunks(entry, then) {
  entry.chain = entry.chain.then(then);
}

function withTimeout(metadata, timeoutMs) {
  if (timeoutMs === undefined) return metadata;
  const base = Array.isArray(metadata) ? metadata : Object.entries(metadata ?? {});
  return [...base, ['hbtp-timeout', timeoutMs]];
}

// HBTP frames for the browser (docs/hbtp.md §2-§4, §11.1): the 8-byte little-endian header, the
// checks a receiver makes, the metadata block, and the CRC32C trailer. No I/O here: HbtpSocket
// (hbtp-socket.js) moves the bytes.
//
//  0        1        2                 4                                 8
//  +--------+--------+-----------------+---------------------------------+
//  | opcode | flags  | sequence (u16)  |          length (u32)           |
//  +--------+--------+-----------------+---------------------------------+
//
// The runtime never sends COMPRESSED (zstd) or ENCRYPTED (Noise) bodies and refuses to receive
// them: a browser has neither a zstd decoder nor the Noise handshake, so the dev server's /hbtp
// endpoint must send plain bodies (docs/dev-server.md, "What the runtime speaks").

/** Opcodes of §4 the runtime uses or recognises. */
export const Op = Object.freeze({
  PING: 0x00, PONG: 0x01, CLOSE: 0x02, GO_AWAY: 0x03, BATCH: 0x04,
  HTIP_PATCH_TEXT: 0x21, HTIP_PATCH_ATTR: 0x22, HTIP_BATCH: 0x24,
  RPC_CALL: 0x30, RPC_RESPONSE: 0x31, RPC_ERROR: 0x32, RPC_STREAM_START: 0x33,
  RPC_STREAM_CHUNK: 0x34, RPC_STREAM_END: 0x35, RPC_CANCEL: 0x36, RPC_STREAM_CREDIT: 0x37,
  CLIENT_EVENT: 0x40, SERVER_EVENT: 0x41,
});

/** Flags of §3. */
export const Flag = Object.freeze({
  COMPRESSED: 0x01, ENCRYPTED: 0x02, EXPECTS_RESPONSE: 0x04, FINAL: 0x08,
  HAS_CHECKSUM: 0x10, HAS_METADATA: 0x20, RESERVED: 0xc0,
});

/** Error codes of §9, by name, and their names by code. */
export const ErrorCode = Object.freeze({
  BAD_FRAME: 1, TOO_LARGE: 2, UNKNOWN_OPCODE: 3, ROUTE_NOT_FOUND: 4, UNAUTHORIZED: 5,
  RATE_LIMITED: 6, DECOMPRESSION_FAILED: 7, DECRYPTION_FAILED: 8, CHECKSUM_MISMATCH: 9,
  HANDLER_FAILED: 10, TIMEOUT: 11, SHUTTING_DOWN: 12, CANCELLED: 13, RESOURCE_EXHAUSTED: 14,
});
const CODE_NAMES = Object.fromEntries(Object.entries(ErrorCode).map(([k, v]) => [v, k]));

/** The name of a §9 code, `APPLICATION_<n>` from 1000 up, `CODE_<n>` otherwise. */
export function errorCodeName(code) {
  return CODE_NAMES[code] ?? (code >= 1000 ? `APPLICATION_${code}` : `CODE_${code}`);
}

export const HEADER_SIZE = 8;
/** The default largest body a receiver accepts (§2): 16 MiB. */
export const DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;
const MAX_PING_BODY = 125;
const METADATA_OPCODES = new Set([Op.RPC_CALL, Op.RPC_RESPONSE, Op.RPC_ERROR, Op.RPC_STREAM_START, Op.RPC_STREAM_END]);
/** Opcodes of the §4 table: HAS_METADATA on one of these that is not in METADATA_OPCODES is BAD_FRAME. */
const KNOWN_OPCODES = new Set([0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x11, 0x12, 0x13, 0x20, 0x21, 0x22, 0x23,
  0x24, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x40, 0x41, 0x50, 0x51, 0x60, 0x61, 0x62, 0x63, 0xff]);
/** Fixed fields each opcode's body must hold (§4, §11.3, §11.4, docs/dev-server.md). */
const MIN_BODY = new Map([[Op.GO_AWAY, 2], [Op.RPC_CALL, 2], [Op.RPC_ERROR, 2], [Op.RPC_STREAM_START, 2],
  [Op.RPC_STREAM_CREDIT, 4], [Op.HTIP_PATCH_TEXT, 4], [Op.HTIP_PATCH_ATTR, 6]]);

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A frame the runtime refuses; `code` is the §9 code it would close with. */
export class HbtpFrameError extends Error {
  constructor(code, message) {
    super(`${errorCodeName(code)}: ${message}`);
    this.name = 'HbtpFrameError';
    this.code = code;
  }
}

function bad(message) {
  return new HbtpFrameError(ErrorCode.BAD_FRAME, message);
}

/** The bytes of `data`: a Uint8Array as is, an ArrayBuffer viewed, a string UTF-8 encoded, nothing empty. */
export function toBytes(data) {
  if (data === undefined || data === null) return new Uint8Array(0);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return utf8.encode(data);
  throw new TypeError(`expected bytes (Uint8Array, ArrayBuffer) or a string, got ${typeof data}`);
}

/** Decodes UTF-8 text, refusing malformed sequences; `what` names the field in the error. */
export function decodeUtf8(bytes, what) {
  try {
    return strictUtf8.decode(bytes);
  } catch (e) {
    throw bad(`${what} is not valid UTF-8`);
  }
}

// ---- CRC32C (§5), table-driven, reflected polynomial 0x82F63B78 ----------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC32C (Castagnoli) of `bytes`, as an unsigned number. */
export function crc32c(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- metadata (§11.1) -----------------------------------------------------------------------------

const KEY_BYTE = /^[a-z0-9._-]+$/;
const PROTOCOL_KEYS = new Set(['hbtp-timeout', 'hbtp-credit']);

/**
 * Normalises metadata given as `[[key, value], ...]` (order and repeats kept) or `{key: value}`;
 * a value is a string (UTF-8), bytes, or, for the `hbtp-` keys, a number sent as u32.
 */
export function metadataEntries(metadata) {
  if (!metadata) return [];
  const pairs = Array.isArray(metadata) ? metadata : Object.entries(metadata);
  return pairs.map(([key, value]) => {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new RangeError(`metadata ${key}: ${value} (expected: a u32)`);
      }
      const v = new Uint8Array(4);
      new DataView(v.buffer).setUint32(0, value, true);
      return [key, v];
    }
    return [key, toBytes(value)];
  });
}

/** Encodes a metadata block; throws RangeError naming the first rule an entry breaks. */
export function encodeMetadata(metadata) {
  const entries = metadataEntries(metadata);
  if (entries.length < 1 || entries.length > 32) {
    throw new RangeError(`metadata count : ${entries.length} (expected: 1..32)`);
  }
  const parts = [Uint8Array.of(entries.length)];
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || key.length < 1 || key.length > 64 || !KEY_BYTE.test(key)) {
      throw new RangeError(`metadata key : ${key} (expected: 1..64 of a-z 0-9 - . _)`);
    }
    if (value.length > 0xffff) throw new RangeError(`metadata ${key} : ${value.length} bytes (expected: <= 65535)`);
    if (key.startsWith('hbtp-') && value.length !== 4) {
      throw new RangeError(`metadata ${key} : ${value.length} bytes (expected: exactly a u32)`);
    }
    const head = new Uint8Array(1 + key.length + 2);
    head[0] = key.length;
    head.set(utf8.encode(key), 1);
    new DataView(head.buffer).setUint16(1 + key.length, value.length, true);
    parts.push(head, value);
  }
  return concat(parts);
}

/**
 * Reads the metadata block at the start of `body`: returns `{entries, rest}` where entries are
 * `[key, Uint8Array]` pairs in order and rest is the body after the block. A malformed block is BAD_FRAME.
 */
export function decodeMetadata(body) {
  if (body.length < 1) throw bad('metadata block missing: empty body with HAS_METADATA');
  const count = body[0];
  if (count < 1 || count > 32) throw bad(`metadata count ${count} (expected: 1..32)`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const entries = [];
  let at = 1;
  for (let i = 0; i < count; i++) {
    if (at + 1 > body.length) throw bad(`metadata entry ${i + 1} runs past the body`);
    const keyLength = body[at];
    if (keyLength < 1 || keyLength > 64) throw bad(`metadata key length ${keyLength} (expected: 1..64)`);
    if (at + 1 + keyLength + 2 > body.length) throw bad(`metadata entry ${i + 1} runs past the body`);
    const keyBytes = body.subarray(at + 1, at + 1 + keyLength);
    const key = String.fromCharCode(...keyBytes);
    if (!KEY_BYTE.test(key)) throw bad(`metadata key ${JSON.stringify(key)} has a byte outside a-z 0-9 - . _`);
    const valueLength = view.getUint16(at + 1 + keyLength, true);
    const valueAt = at + 1 + keyLength + 2;
    if (valueAt + valueLength > body.length) {
      throw bad(`metadata value of ${key} runs past the body: ${valueLength} bytes, ${body.length - valueAt} left`);
    }
    if (PROTOCOL_KEYS.has(key) && valueLength !== 4) throw bad(`metadata ${key} is ${valueLength} bytes (expected: a u32)`);
    entries.push([key, body.slice(valueAt, valueAt + valueLength)]);
    at = valueAt + valueLength;
  }
  return { entries, rest: body.subarray(at) };
}

/** The first value of `key` in decoded metadata as text (or as a u32 for the hbtp- keys), or undefined. */
export function metadataValue(entries, key) {
  const found = entries && entries.find(([k]) => k === key);
  if (!found) return undefined;
  const v = found[1];
  return key.startsWith('hbtp-') ? new DataView(v.buffer, v.byteOffset, 4).getUint32(0, true) : decodeUtf8(v, `metadata ${key}`);
}

// ---- frames ---------------------------------------------------------------------------------------

/** Joins byte arrays. */
export function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Encodes one frame. `body` is the opcode's own fields; with `metadata` the HAS_METADATA block is
 * put in front of it (only on the five opcodes §11.1 allows).
 */
export function encodeFrame(opcode, flags, sequence, body, metadata) {
  let payload = toBytes(body);
  let f = flags & 0xff;
  if (metadata && metadataEntries(metadata).length > 0) {
    if (!METADATA_OPCODES.has(opcode)) throw new RangeError(`opcode 0x${opcode.toString(16)} may not carry metadata`);
    payload = concat([encodeMetadata(metadata), payload]);
    f |= Flag.HAS_METADATA;
  }
  if (f & (Flag.COMPRESSED | Flag.ENCRYPTED | Flag.HAS_CHECKSUM | Flag.RESERVED)) {
    throw new RangeError(`flags 0x${f.toString(16)}: the runtime sends no compressed, encrypted or checksummed body`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 0xffff) throw new RangeError(`sequence : ${sequence} (expected: u16)`);
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  const dv = new DataView(out.buffer);
  out[0] = opcode;
  out[1] = f;
  dv.setUint16(2, sequence, true);
  dv.setUint32(4, payload.length, true);
  out.set(payload, HEADER_SIZE);
  return out;
}

/** A u16 followed by UTF-8 text: the body of RpcError, GoAway and Close. */
export function codeAndText(code, text) {
  const t = utf8.encode(text ?? '');
  const out = new Uint8Array(2 + t.length);
  new DataView(out.buffer).setUint16(0, code, true);
  out.set(t, 2);
  return out;
}

/**
 * Decodes the frame starting at `offset` of `bytes` (a Uint8Array), which must end exactly at
 * `end` when `exact` (a WebSocket message holds exactly one frame) or may be followed by more
 * (inside a batch). Returns `{opcode, flags, sequence, body, metadata, size}`: body without the
 * metadata block or checksum trailer, metadata as `[key, Uint8Array]` pairs (empty without
 * HAS_METADATA), size the bytes the frame took. Throws HbtpFrameError naming the problem.
 */
export function decodeFrame(bytes, { offset = 0, end = bytes.length, exact = true, maxFrameLength = DEFAULT_MAX_FRAME_LENGTH } = {}) {
  const available = end - offset;
  if (available < HEADER_SIZE) throw bad(`truncated header: ${available} bytes (expected: 8)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, HEADER_SIZE);
  const opcode = bytes[offset];
  const flags = bytes[offset + 1];
  const sequence = dv.getUint16(2, true);
  const length = dv.getUint32(4, true);
  if (length > maxFrameLength) {
    throw new HbtpFrameError(ErrorCode.TOO_LARGE, `length ${length} over the maximum frame length ${maxFrameLength}`);
  }
  if (exact ? length !== available - HEADER_SIZE : length > available - HEADER_SIZE) {
    throw bad(`length mismatch: the header says ${length} body bytes, ${available - HEADER_SIZE} are there`);
  }
  if (flags & Flag.RESERVED) throw bad(`reserved flag bits set: 0x${flags.toString(16).padStart(2, '0')}`);
  if (flags & Flag.COMPRESSED) throw bad('COMPRESSED body: the runtime has no zstd and never accepts it');
  if (flags & Flag.ENCRYPTED) throw bad('ENCRYPTED body: the runtime has no Noise session and never accepts it');
  let body = bytes.subarray(offset + HEADER_SIZE, offset + HEADER_SIZE + length);
  if (flags & Flag.HAS_CHECKSUM) {
    if (body.length < 4) throw bad(`HAS_CHECKSUM on a body of ${body.length} bytes (expected: >= 4)`);
    const stated = new DataView(body.buffer, body.byteOffset + body.length - 4, 4).getUint32(0, true);
    body = body.subarray(0, body.length - 4);
    const actual = crc32c(body);
    if (stated !== actual) {
      throw new HbtpFrameError(ErrorCode.CHECKSUM_MISMATCH, `CRC32C 0x${stated.toString(16)}, computed 0x${actual.toString(16)}`);
    }
  }
  let metadata = [];
  if (flags & Flag.HAS_METADATA) {
    if (!METADATA_OPCODES.has(opcode)) {
      if (KNOWN_OPCODES.has(opcode)) throw bad(`HAS_METADATA on opcode 0x${opcode.toString(16).padStart(2, '0')}`);
    } else {
      const md = decodeMetadata(body);
      metadata = md.entries;
      body = md.rest;
    }
  }
  const min = MIN_BODY.get(opcode);
  if (min !== undefined && body.length < min) {
    throw bad(`opcode 0x${opcode.toString(16).padStart(2, '0')} body of ${body.length} bytes (expected: >= ${min})`);
  }
  if (opcode === Op.PING && body.length > MAX_PING_BODY) throw bad(`Ping body of ${body.length} bytes (expected: <= 125)`);
  return { opcode, flags, sequence, body, metadata, size: HEADER_SIZE + length };
}

/**
 * Splits the body of a Batch or HtipBatch into its inner frames, checking all of them before
 * returning any (a bad batch delivers nothing). `allowed` limits the inner opcodes, if given.
 */
export function decodeInnerFrames(body, { allowed, maxFrameLength = DEFAULT_MAX_FRAME_LENGTH, what = 'batch' } = {}) {
  if (body.length === 0) throw bad(`empty ${what}: no inner frame`);
  const frames = [];
  let at = 0;
  while (at < body.length) {
    const n = frames.length + 1;
    let frame;
    try {
      frame = decodeFrame(body, { offset: at, exact: false, maxFrameLength });
    } catch (e) {
      if (e instanceof HbtpFrameError) throw new HbtpFrameError(e.code, `inner frame ${n} of the ${what}: ${e.message}`);
      throw e;
    }
    if (allowed && !allowed.has(frame.opcode)) {
      throw bad(`inner frame ${n} of the ${what} has opcode 0x${frame.opcode.toString(16).padStart(2, '0')}, not allowed there`);
    }
    if (frame.opcode === Op.BATCH || frame.opcode === Op.HTIP_BATCH) throw bad(`inner frame ${n} of the ${what} is itself a batch`);
    frames.push(frame);
    at += frame.size;
  }
  return frames;
}

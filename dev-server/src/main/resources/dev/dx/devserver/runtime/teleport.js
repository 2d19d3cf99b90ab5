// Teleport reader for the browser (docs/teleport.md §1-§4, §6, §7). A Teleport message carries only
// its root layout's fingerprint, never the layout; the reader is given the canonical layout string
// (§4), checks that its FNV-1a 64 equals the header's fingerprint, and reads the message by it.
//
// JavaScript values:
//   bool -> boolean; i8 u8 i16 u16 i32 u32 f32 f64 -> number;
//   i64 u64 -> number when it is a safe integer (|v| <= 2^53 - 1), otherwise BigInt;
//   string -> string (UTF-8 checked); bytes -> Uint8Array (a copy);
//   timestamp -> Date (the microseconds floored to milliseconds; outside a Date's range: error);
//   date -> 'YYYY-MM-DD' string (a calendar date, no time zone; outside a Date's range: error);
//   uuid -> lowercase 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'; decimal -> its exact text, a string;
//   enum -> its ordinal, a number; optional<T> -> null when absent; slice<T> -> Array; struct -> object.

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const HEADER_LENGTH = 24;
const MAGIC = [0x44, 0x58, 0x54, 0x50];
/** §6: PostgreSQL's widest numeric, as text. */
export const MAX_DECIMAL_LENGTH = 147457;
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const U32_MAX = 0xffffffff;
const MAX_DATE_MS = 8.64e15;
const DAY_MS = 86400000;

/** A message or layout the reader refuses; `check` names the rule (§1's names, and LAYOUT, TRAILING_BYTES, ...). */
export class TeleportError extends Error {
  constructor(check, message) {
    super(`Teleport ${check}: ${message}`);
    this.name = 'TeleportError';
    this.check = check;
  }
}

// ---- layouts (§2-§4, §6) --------------------------------------------------------------------------

const PRIMITIVES = {
  bool: [1, 1], i8: [1, 1], u8: [1, 1], i16: [2, 2], u16: [2, 2], i32: [4, 4], u32: [4, 4], f32: [4, 4],
  i64: [8, 8], u64: [8, 8], f64: [8, 8], string: [8, 4], bytes: [8, 4], decimal: [8, 4],
  timestamp: [8, 8], date: [4, 4], uuid: [16, 8],
};

/** FNV-1a 64 (§4) of the UTF-8 bytes of `text`, as a BigInt. */
export function fingerprintOf(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of utf8.encode(text)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

function roundUp(n, a) {
  return Math.ceil(n / a) * a;
}

/**
 * Parses a canonical layout string (§4, with the §6 words) into
 * `{kind:'struct', name, fields:[{name, type, offset}], size, align, canonical, fingerprint}`;
 * every offset, size and alignment is checked against the rules of §3 and §6.
 */
export function parseLayout(canonical) {
  if (typeof canonical !== 'string') throw new TeleportError('LAYOUT', 'the layout must be a canonical string');
  const p = { s: canonical, at: 0 };
  const root = parseStruct(p);
  if (p.at !== canonical.length) fail(p, 'text after the root struct');
  root.canonical = canonical;
  root.fingerprint = fingerprintOf(canonical);
  return root;
}

function fail(p, why) {
  throw new TeleportError('LAYOUT', `${why} at character ${p.at} of ${JSON.stringify(p.s.slice(0, 200))}`);
}

function expect(p, text) {
  if (!p.s.startsWith(text, p.at)) fail(p, `expected "${text}"`);
  p.at += text.length;
}

function name(p) {
  const m = /^[^{}<>:,@#\s]+/.exec(p.s.slice(p.at, p.at + 256));
  if (!m) fail(p, 'expected a name');
  p.at += m[0].length;
  return m[0];
}

function integer(p) {
  const m = /^[0-9]{1,10}/.exec(p.s.slice(p.at, p.at + 11));
  if (!m) fail(p, 'expected a number');
  p.at += m[0].length;
  return Number(m[0]);
}

function parseStruct(p) {
  expect(p, 'struct ');
  const structName = name(p);
  expect(p, '{');
  const fields = [];
  let end = 0;
  let align = 1;
  while (!p.s.startsWith('}', p.at)) {
    if (fields.length) expect(p, ',');
    const fieldName = name(p);
    expect(p, ':');
    const type = parseType(p);
    expect(p, '@');
    const offset = integer(p);
    const expected = roundUp(end, type.align);
    if (offset !== expected) fail(p, `field ${fieldName} at ${offset}, §3 puts it at ${expected}`);
    if (fields.some((f) => f.name === fieldName)) fail(p, `field ${fieldName} twice`);
    fields.push({ name: fieldName, type, offset });
    end = offset + type.size;
    align = Math.max(align, type.align);
  }
  expect(p, '}#');
  const size = integer(p);
  expect(p, ':');
  const statedAlign = integer(p);
  if (statedAlign !== align || size !== roundUp(end, align)) {
    fail(p, `struct ${structName} is #${size}:${statedAlign}, §3 makes it #${roundUp(end, align)}:${align}`);
  }
  return { kind: 'struct', name: structName, fields, size, align };
}

function parseType(p) {
  const s = p.s;
  if (s.startsWith('struct ', p.at)) return parseStruct(p);
  if (s.startsWith('optional<', p.at)) {
    p.at += 9;
    const of = parseType(p);
    expect(p, '>');
    if (of.kind === 'optional') fail(p, 'an optional of an optional');
    return { kind: 'optional', of, align: of.align, valueOffset: of.align, size: roundUp(of.align + of.size, of.align) };
  }
  if (s.startsWith('slice<', p.at)) {
    p.at += 6;
    const of = parseType(p);
    expect(p, '>');
    if (of.kind === 'optional') fail(p, 'a slice of optionals');
    return { kind: 'slice', of, size: 8, align: 4 };
  }
  if (s.startsWith('enum<', p.at)) {
    p.at += 5;
    const enumName = name(p);
    expect(p, '>:');
    const width = s.startsWith('u16', p.at) ? 'u16' : 'u8';
    expect(p, width);
    return { kind: 'enum', name: enumName, width, size: width === 'u8' ? 1 : 2, align: width === 'u8' ? 1 : 2 };
  }
  const word = /^[a-z0-9]+/.exec(s.slice(p.at, p.at + 12));
  if (!word || !PRIMITIVES[word[0]]) fail(p, 'unknown type');
  p.at += word[0].length;
  const [size, align] = PRIMITIVES[word[0]];
  return { kind: word[0], size, align };
}

/** The canonical word of a field type, as §4 and §6 spell it (structs by name). */
export function typeName(type) {
  switch (type.kind) {
    case 'optional': return `optional<${typeName(type.of)}>`;
    case 'slice': return `slice<${typeName(type.of)}>`;
    case 'enum': return `enum<${type.name}>:${type.width}`;
    case 'struct': return type.name;
    default: return type.kind;
  }
}

// ---- messages (§1) --------------------------------------------------------------------------------

/**
 * Reads a Teleport message (`bytes`: Uint8Array or ArrayBuffer, exactly one message) by `layout`
 * (a canonical string or parseLayout's result) and returns the root struct as an object. Options:
 * `maxMessageLength` (16 MiB), `maxElements` (slice elements read in all, 1,000,000).
 */
export function readTeleport(bytes, layout, { maxMessageLength = 16 * 1024 * 1024, maxElements = 1_000_000 } = {}) {
  const root = typeof layout === 'string' ? parseLayout(layout) : layout;
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.length < HEADER_LENGTH) throw new TeleportError('HEADER_LENGTH', `${b.length} bytes (expected: at least 24)`);
  if (MAGIC.some((m, i) => b[i] !== m)) {
    throw new TeleportError('MAGIC', `bytes 0-3 are ${hex(b.subarray(0, 4))} (expected: 44 58 54 50, "DXTP")`);
  }
  if (b[4] !== 1) throw new TeleportError('VERSION', `version ${b[4]} (expected: 1)`);
  if (b[5] !== 0 || b[6] !== 0 || b[7] !== 0) throw new TeleportError('RESERVED', `flags and reserved bytes ${hex(b.subarray(5, 8))} (expected: zero)`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fingerprint = dv.getBigUint64(8, true);
  const D = dv.getUint32(16, true);
  const S = dv.getUint32(20, true);
  if (D % 8 !== 0) throw new TeleportError('DATA_ALIGNMENT', `D = ${D} (expected: a multiple of 8)`);
  const total = HEADER_LENGTH + D + S;
  if (total > maxMessageLength) throw new TeleportError('MESSAGE_SIZE', `24 + D + S = ${total} over the limit ${maxMessageLength}`);
  if (fingerprint !== root.fingerprint) {
    throw new TeleportError('FINGERPRINT', `the message's fingerprint is 0x${fingerprint.toString(16).padStart(16, '0')}, `
      + `the layout ${root.name}'s is 0x${root.fingerprint.toString(16).padStart(16, '0')}`);
  }
  if (D < root.size) throw new TeleportError('ROOT_SIZE', `D = ${D}, smaller than ${root.name}'s ${root.size} bytes`);
  if (b.length < total) throw new TeleportError('MESSAGE_LENGTH', `truncated: ${b.length} bytes, the header says ${total}`);
  if (b.length > total) throw new TeleportError('TRAILING_BYTES', `${b.length - total} bytes after the ${total}-byte message`);
  const r = { b, dv, data: HEADER_LENGTH, D, strings: HEADER_LENGTH + D, S, budget: maxElements };
  return readStruct(r, root, 0, root.name);
}

function hex(bytes) {
  return [...bytes].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

function readStruct(r, struct, at, path) {
  const out = {};
  for (const f of struct.fields) out[f.name] = readValue(r, f.type, at + f.offset, `${path}.${f.name}`);
  return out;
}

function stringRef(r, at, path) {
  const offset = r.dv.getUint32(r.data + at, true);
  const length = r.dv.getUint32(r.data + at + 4, true);
  if (offset + length > U32_MAX) throw new TeleportError('STRING_OVERFLOW', `${path}: offset ${offset} + length ${length} passes 2^32 - 1`);
  if (offset + length > r.S) throw new TeleportError('STRING_BOUNDS', `${path}: offset ${offset} + length ${length} passes S = ${r.S}`);
  return r.b.subarray(r.strings + offset, r.strings + offset + length);
}

function readValue(r, type, at, path) {
  const dv = r.dv;
  const p = r.data + at;
  switch (type.kind) {
    case 'bool': {
      const v = r.b[p];
      if (v > 1) throw new TeleportError('BOOL_VALUE', `${path}: byte ${v} (expected: 0 or 1)`);
      return v === 1;
    }
    case 'i8': return dv.getInt8(p);
    case 'u8': return dv.getUint8(p);
    case 'i16': return dv.getInt16(p, true);
    case 'u16': return dv.getUint16(p, true);
    case 'i32': return dv.getInt32(p, true);
    case 'u32': return dv.getUint32(p, true);
    case 'f32': return dv.getFloat32(p, true);
    case 'f64': return dv.getFloat64(p, true);
    case 'i64': return safe(dv.getBigInt64(p, true));
    case 'u64': return safe(dv.getBigUint64(p, true));
    case 'enum': return type.width === 'u8' ? dv.getUint8(p) : dv.getUint16(p, true);
    case 'string': {
      const bytes = stringRef(r, at, path);
      try {
        return strictUtf8.decode(bytes);
      } catch (e) {
        throw new TeleportError('STRING_UTF8', `${path}: not valid UTF-8`);
      }
    }
    case 'bytes': return stringRef(r, at, path).slice();
    case 'decimal': {
      const bytes = stringRef(r, at, path);
      if (bytes.length > MAX_DECIMAL_LENGTH) throw new TeleportError('DECIMAL_TEXT', `${path}: ${bytes.length} bytes (expected: <= ${MAX_DECIMAL_LENGTH})`);
      const text = asciiOf(bytes);
      if (!DECIMAL.test(text)) throw new TeleportError('DECIMAL_TEXT', `${path}: ${JSON.stringify(text.slice(0, 40))} is not -?[0-9]+(.[0-9]+)?`);
      return text;
    }
    case 'timestamp': {
      const micros = dv.getBigInt64(p, true);
      let ms = micros / 1000n;
      if (micros % 1000n < 0n) ms -= 1n;
      if (ms > BigInt(MAX_DATE_MS) || ms < -BigInt(MAX_DATE_MS)) {
        throw new TeleportError('TIMESTAMP_RANGE', `${path}: ${micros} us is outside a JavaScript Date`);
      }
      return new Date(Number(ms));
    }
    case 'date': {
      const days = dv.getInt32(p, true);
      if (Math.abs(days * DAY_MS) > MAX_DATE_MS) throw new TeleportError('DATE_RANGE', `${path}: day ${days} is outside a JavaScript Date`);
      return new Date(days * DAY_MS).toISOString().split('T')[0];
    }
    case 'uuid': {
      const h = hex(r.b.subarray(p, p + 16)).replaceAll(' ', '');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'optional': {
      const presence = r.b[p];
      if (presence > 1) throw new TeleportError('PRESENCE_VALUE', `${path}: presence byte ${presence} (expected: 0 or 1)`);
      return presence === 1 ? readValue(r, type.of, at + type.valueOffset, path) : null;
    }
    case 'slice': return readSlice(r, type, at, path);
    case 'struct': return readStruct(r, type, at, path);
    default: throw new TeleportError('LAYOUT', `${path}: unknown type ${type.kind}`);
  }
}

function asciiOf(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

function safe(big) {
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
}

function readSlice(r, type, at, path) {
  const offset = r.dv.getUint32(r.data + at, true);
  const count = r.dv.getUint32(r.data + at + 4, true);
  const el = type.of;
  if (offset + count * el.size > U32_MAX) {
    throw new TeleportError('SLICE_OVERFLOW', `${path}: offset ${offset} + ${count} x ${el.size} bytes passes 2^32 - 1`);
  }
  if (offset + count * el.size > r.D) {
    throw new TeleportError('SLICE_BOUNDS', `${path}: offset ${offset} + ${count} x ${el.size} bytes passes D = ${r.D}`);
  }
  if (count > 0 && offset % el.align !== 0) {
    throw new TeleportError('SLICE_ALIGNMENT', `${path}: offset ${offset} is not a multiple of ${el.align}`);
  }
  if (count > r.budget) throw new TeleportError('SLICE_ELEMENTS', `${path}: ${count} elements, over the reader's limit`);
  r.budget -= count;
  const out = new Array(count);
  for (let i = 0; i < count; i++) out[i] = readValue(r, el, offset + i * el.size, `${path}[${i}]`);
  return out;
}

// ---- query results (§7) ---------------------------------------------------------------------------

/**
 * Reads a §7 query result: `{name, columns: [{name, type, nullable}], rows: [[...], ...]}`, the
 * columns in select-list order (type is the Teleport word: 'i64', 'string', 'timestamp', ...; a
 * nullable column is optional<type>, read as null when absent), each row an array in that order.
 */
export function readQueryResult(bytes, layout, options) {
  const root = typeof layout === 'string' ? parseLayout(layout) : layout;
  const rowsField = root.fields.length === 1 ? root.fields[0] : null;
  if (!rowsField || rowsField.name !== 'rows' || rowsField.type.kind !== 'slice' || rowsField.type.of.kind !== 'struct') {
    throw new TeleportError('LAYOUT', `${root.name} is not a §7 query result: expected {rows:slice<struct ...>@0}#8:4`);
  }
  const row = rowsField.type.of;
  const columns = row.fields.map((f) => ({
    name: f.name,
    type: typeName(f.type.kind === 'optional' ? f.type.of : f.type),
    nullable: f.type.kind === 'optional',
  }));
  const value = readTeleport(bytes, root, options);
  return { name: root.name, columns, rows: value.rows.map((r) => row.fields.map((f) => r[f.name])) };
}

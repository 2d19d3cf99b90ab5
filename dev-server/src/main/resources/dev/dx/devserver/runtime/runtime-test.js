// The runtime's own unit tests, run in the page (/_dx/test.html). The result is published as
// window.__dxTestResults = {passed, failed, failures: [{name, message}], names: [...]}.
// With ?live=1 the page also runs the tests of live-server.js against the server that served it
// (RuntimeUnitTestsInBrowserTest's test server: echo, metadata, streams with credits, errors, GoAway).
import {
  Op, Flag, ErrorCode, HbtpFrameError, encodeFrame, decodeFrame, decodeInnerFrames, encodeMetadata,
  decodeMetadata, metadataValue, crc32c, readTeleport, readQueryResult, parseLayout, fingerprintOf,
  TeleportError, applyHtipBatch, HtipTargetError, swapStylesheet, concat,
} from './runtime.js';
import { teleport, batchTwoPongs, goldenFrames } from './test-vectors.js';

const tests = [];
/** Registers a test; `fn` may be async. */
export function test(name, fn) {
  tests.push({ name, fn });
}

export function fromHex(h) {
  const clean = h.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (x) => parseInt(x, 16));
}

export function toHex(bytes) {
  return [...bytes].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function assertEq(actual, expected, what) {
  const a = typeof actual === 'bigint' ? `${actual}n` : JSON.stringify(actual);
  const e = typeof expected === 'bigint' ? `${expected}n` : JSON.stringify(expected);
  if (!(Object.is(actual, expected) || (a === e && typeof actual === typeof expected))) {
    throw new Error(`${what}: got ${a}, expected ${e}`);
  }
}

/** Runs `fn` and checks that it throws an error of `type` whose message contains `part`. */
export async function assertThrows(fn, type, part, what) {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof type)) throw new Error(`${what}: threw ${e?.name} (${e?.message}), expected ${type.name}`);
    if (part && !String(e.message).includes(part)) throw new Error(`${what}: message "${e.message}" lacks "${part}"`);
    return e;
  }
  throw new Error(`${what}: did not throw`);
}

const utf8 = new TextEncoder();

// ---- HBTP frames (§2-§4, §10, §11.5, §12) --------------------------------------------------------

test('§10 Ping seq 1 "hi" encodes and decodes', () => {
  assertEq(toHex(encodeFrame(Op.PING, 0, 1, 'hi')), '0000010002000000' + '6869', 'Ping');
  const f = decodeFrame(fromHex('00 00 01 00 02 00 00 00 68 69'));
  assertEq([f.opcode, f.sequence, toHex(f.body)], [0, 1, '6869'], 'decoded Ping');
});

test('§10 RpcCall 0x1234 route 7 "abc" encodes little-endian', () => {
  const body = concat([Uint8Array.of(7, 0), utf8.encode('abc')]);
  assertEq(toHex(encodeFrame(Op.RPC_CALL, Flag.EXPECTS_RESPONSE, 0x1234, body)), '300434120500000007006162' + '63', 'RpcCall');
});

test('§10 RpcError ROUTE_NOT_FOUND decodes', () => {
  const f = decodeFrame(fromHex('32 00 34 12 0c 00 00 00 04 00 6e 6f 20 72 6f 75 74 65 20 37'));
  assertEq(f.sequence, 0x1234, 'sequence');
  assertEq(new DataView(f.body.buffer, f.body.byteOffset).getUint16(0, true), ErrorCode.ROUTE_NOT_FOUND, 'code');
});

test('§10 HAS_CHECKSUM Ping: CRC32C("hi") = 0xf59dd9c2, trailer stripped', () => {
  assertEq(crc32c(utf8.encode('hi')), 0xf59dd9c2, 'crc32c');
  const f = decodeFrame(fromHex('00 10 02 00 06 00 00 00 68 69 c2 d9 9d f5'));
  assertEq(toHex(f.body), '6869', 'body');
});

test('§11.5 RpcCall with hbtp-timeout 250 encodes byte for byte', () => {
  const frame = encodeFrame(Op.RPC_CALL, Flag.EXPECTS_RESPONSE, 0x1234, concat([Uint8Array.of(7, 0), utf8.encode('abc')]),
    [['hbtp-timeout', 250]]);
  assertEq(toHex(frame), '302434121900000001' + '0c6862' + '74702d74696d656f75740400fa000000070061' + '6263', 'metadata call');
  const f = decodeFrame(frame);
  assertEq(metadataValue(f.metadata, 'hbtp-timeout'), 250, 'hbtp-timeout');
  assertEq(toHex(f.body), '0700616263', 'body after the block');
});

test('§11.5 RpcCancel, RpcError CANCELLED and GoAway', () => {
  assertEq(toHex(encodeFrame(Op.RPC_CANCEL, 0, 0x1234)), '3600341200000000', 'RpcCancel');
  const go = decodeFrame(fromHex('03 00 00 00 05 00 00 00 0c 00 62 79 65'));
  assertEq([go.opcode, toHex(go.body)], [Op.GO_AWAY, '0c00627965'], 'GoAway');
});

test('§12 batch-two-pongs: two inner Pongs', () => {
  const f = decodeFrame(fromHex(batchTwoPongs));
  const inner = decodeInnerFrames(f.body);
  assertEq(inner.map((x) => [x.opcode, x.sequence, toHex(x.body)]), [[1, 1, '61'], [1, 2, '62']], 'inner frames');
});

test('golden frames: every plain one decodes and re-encodes, every COMPRESSED/ENCRYPTED one is refused', () => {
  let plain = 0;
  let refused = 0;
  for (const [name, hex] of goldenFrames) {
    const bytes = fromHex(hex);
    if (/COMPRESSED|ENCRYPTED/.test(name)) {
      try {
        decodeFrame(bytes);
      } catch (e) {
        if (!(e instanceof HbtpFrameError) || !/COMPRESSED|ENCRYPTED/.test(e.message)) throw new Error(`${name}: ${e.message}`);
        refused++;
        continue;
      }
      throw new Error(`${name} was accepted`);
    }
    const f = decodeFrame(bytes);
    if (!(f.flags & Flag.HAS_CHECKSUM)) {
      const again = encodeFrame(f.opcode, f.flags & ~Flag.HAS_METADATA, f.sequence, f.body,
        f.flags & Flag.HAS_METADATA ? f.metadata : undefined);
      assertEq(toHex(again), hex, `${name} re-encoded`);
    }
    plain++;
  }
  assert(plain >= 280 && refused >= 570, `counts ${plain} plain, ${refused} refused`);
});

test('bad frames are refused with a message naming the problem', async () => {
  const cases = [
    ['00 00 01 00 03 00 00 00 68 69', 'length mismatch'],
    ['00 00 01 00 01 00 00 00 68 69', 'length mismatch'],
    ['00 00 01', 'truncated header'],
    ['00 40 01 00 00 00 00 00', 'reserved flag'],
    ['00 80 01 00 00 00 00 00', 'reserved flag'],
    ['00 01 01 00 00 00 00 00', 'COMPRESSED'],
    ['00 02 01 00 00 00 00 00', 'ENCRYPTED'],
    ['00 10 02 00 06 00 00 00 68 69 c2 d9 9d f4', 'CHECKSUM_MISMATCH'],
    ['00 20 01 00 00 00 00 00', 'HAS_METADATA on opcode 0x00'],
    ['32 00 01 00 01 00 00 00 04', 'expected: >= 2'],
    ['37 00 01 00 02 00 00 00 01 00', 'expected: >= 4'],
    ['31 20 01 00 01 00 00 00 00', 'metadata count 0'],
    ['31 20 01 00 06 00 00 00 01 02 41 62 00 00', 'byte outside'],
    ['31 20 01 00 05 00 00 00 01 01 61 09 00', 'runs past the body'],
    ['33 20 01 00 14 00 00 00 01 0b 68 62 74 70 2d 63 72 65 64 69 74 03 00 01 00 00 00 00', 'hbtp-credit'],
  ];
  for (const [hex, part] of cases) await assertThrows(() => decodeFrame(fromHex(hex)), HbtpFrameError, part, hex);
  const bigPing = concat([fromHex('00 00 01 00 7e 00 00 00'), new Uint8Array(126)]);
  await assertThrows(() => decodeFrame(bigPing), HbtpFrameError, 'Ping body of 126', 'Ping over 125');
  await assertThrows(() => decodeFrame(fromHex('34 00 01 00 00 00 00 01'), { maxFrameLength: 1024 }), HbtpFrameError, 'TOO_LARGE', 'too large');
});

test('metadata: order and repeats kept, bad keys and counts refused on send', async () => {
  const block = encodeMetadata([['traceparent', 't-1'], ['x', 'a'], ['x', 'b']]);
  const { entries, rest } = decodeMetadata(concat([block, Uint8Array.of(9)]));
  assertEq(entries.map(([k, v]) => [k, new TextDecoder().decode(v)]), [['traceparent', 't-1'], ['x', 'a'], ['x', 'b']], 'entries');
  assertEq(toHex(rest), '09', 'rest');
  await assertThrows(() => encodeMetadata([['Upper', 'x']]), RangeError, 'metadata key', 'uppercase key');
  await assertThrows(() => encodeMetadata(Array.from({ length: 33 }, (_, i) => [`k${i}`, ''])), RangeError, '1..32', '33 entries');
  await assertThrows(() => encodeMetadata([['hbtp-credit', 'ab']]), RangeError, 'exactly a u32', 'short hbtp key');
  await assertThrows(() => encodeFrame(Op.PING, 0, 1, '', { a: 'b' }), RangeError, 'may not carry metadata', 'metadata on Ping');
});

// ---- Teleport (§1-§7) ----------------------------------------------------------------------------

const USER = 'struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8';
const PRIMITIVES = 'struct Primitives{flag:bool@0,i8:i8@1,i16:i16@2,u16:u16@4,i32:i32@8,i64:i64@16,f32:f32@24,f64:f64@32}#40:8';
const STRINGS = 'struct Strings{empty:string@0,ascii:string@8,nonAscii:string@16}#24:4';
const EVERYTHING = 'struct Everything{blob:bytes@0,at:timestamp@8,day:date@16,id:uuid@24,price:decimal@40,'
  + 'maybeInt:optional<i32>@48,maybeName:optional<string>@56,maybeId:optional<uuid>@72,maybeFlag:optional<bool>@96,'
  + 'maybeAt:optional<timestamp>@104,maybePrice:optional<decimal>@120,maybeBlob:optional<bytes>@132,'
  + 'maybeDay:optional<date>@144,blobs:slice<bytes>@152,stamps:slice<timestamp>@160,days:slice<date>@168,'
  + 'ids:slice<uuid>@176,prices:slice<decimal>@184}#192:8';
export const USERS = 'struct Users{rows:slice<struct UsersRow{id:i64@0,full_name:optional<string>@8,'
  + '_1st_login:optional<timestamp>@24,id_2:i32@40,balance:optional<decimal>@44,status:string@56,'
  + 'ref:optional<uuid>@64,active:bool@88,avatar:optional<bytes>@92,born:optional<date>@104}#112:8>@0}#8:4';

test('§4/§5 fingerprint and the User vector', () => {
  assertEq(fingerprintOf(USER), 0xdc414aabc54060cbn, 'fingerprint');
  const u = readTeleport(fromHex(teleport['user.hex']), USER);
  assertEq(u, { id: 42, name: 'Ada', age: 36, active: true }, 'User');
});

test('primitives at their extremes: i64 max is a BigInt, NaN and -Infinity kept', () => {
  const p = readTeleport(fromHex(teleport['primitives-extremes.hex']), PRIMITIVES);
  assertEq(p.i64, 9223372036854775807n, 'i64');
  assertEq([p.flag, p.i8, p.i16, p.u16, p.i32], [false, -128, 32767, 65535, -2147483648], 'small ints');
  assert(Number.isNaN(p.f32) && p.f64 === -Infinity, 'floats');
});

test('strings: empty, ASCII and non-ASCII UTF-8', () => {
  assertEq(readTeleport(fromHex(teleport['strings.hex']), STRINGS), { empty: '', ascii: 'Teleport', nonAscii: 'Grüße, 日本, 😀' }, 'Strings');
});

test('§6 every type: bytes, timestamp, date, uuid, decimal, optionals, slices', () => {
  const v = readTeleport(fromHex(teleport['every-type.hex']), EVERYTHING);
  assertEq(toHex(v.blob), '00ff10', 'blob');
  assertEq(v.at.toISOString(), '2024-02-29T12:34:56.789Z', 'at');
  assertEq([v.day, v.id, v.price], ['2024-02-29', '123e4567-e89b-12d3-a456-426614174000', '-1234.50'], 'day, id, price');
  assertEq([v.maybeInt, v.maybeName, v.maybeId, v.maybeFlag, v.maybeAt, v.maybePrice, v.maybeDay],
    [-7, null, '00112233-4455-6677-8899-aabbccddeeff', true, null, '1000', null], 'optionals');
  assertEq(v.maybeBlob.length, 0, 'present empty bytes');
  assertEq(v.blobs.map(toHex), ['01', '', 'dead'], 'blobs');
  assertEq(v.stamps.map((d) => d.toISOString()), ['1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01.000Z'], 'stamps floored');
  assertEq(v.days, ['1970-01-01', '1969-12-31'], 'days');
  assertEq(v.ids, ['f81d4fae-7dec-11d0-a765-00a0c91e6bf6'], 'ids');
  assertEq(v.prices, ['0.001', '0', '3.14159'], 'prices');
});

test('§7 query-users: columns, types, nullability and three rows with NULLs', () => {
  const r = readQueryResult(fromHex(teleport['query-users.hex']), USERS);
  assertEq(r.columns.map((c) => `${c.name}:${c.type}${c.nullable ? '?' : ''}`),
    ['id:i64', 'full_name:string?', '_1st_login:timestamp?', 'id_2:i32', 'balance:decimal?', 'status:string',
      'ref:uuid?', 'active:bool', 'avatar:bytes?', 'born:date?'], 'columns');
  assertEq(r.rows.length, 3, 'rows');
  const [a, b, c] = r.rows;
  assertEq([a[0], a[1], a[2].toISOString(), a[3], a[4], a[5], a[6], a[7], toHex(a[8]), a[9]],
    [1, 'Ada Lovelace', '2024-01-15T09:30:00.000Z', 10, '12.50', 'happy', '123e4567-e89b-12d3-a456-426614174000', true, '89504e47', '1815-12-10'], 'row 0');
  assertEq(b, [2, null, null, 20, null, 'sad', null, false, null, null], 'row 1, every nullable NULL');
  assertEq([c[1], c[2].toISOString(), c[4], c[5], c[6], toHex(c[8]), c[9]],
    ['Zoë', '1969-07-20T20:17:40.000Z', '-0.01', 'ok', null, '', '2000-02-29'], 'row 2');
});

/** query-users with byte `at` set to `value`. */
function usersWith(at, value) {
  const b = fromHex(teleport['query-users.hex']);
  b[at] = value;
  return b;
}

test('malformed Teleport messages name the failed check', async () => {
  const users = fromHex(teleport['query-users.hex']);
  const cases = [
    [() => readTeleport(users.subarray(0, 20), USERS), 'HEADER_LENGTH'],
    [() => readTeleport(usersWith(0, 0x45), USERS), 'MAGIC'],
    [() => readTeleport(usersWith(4, 2), USERS), 'VERSION'],
    [() => readTeleport(usersWith(5, 1), USERS), 'RESERVED'],
    [() => readTeleport(usersWith(16, 0x59), USERS), 'DATA_ALIGNMENT'],
    [() => readTeleport(users, USERS.replace('born', 'borm')), 'FINGERPRINT'],
    [() => readTeleport(users.subarray(0, users.length - 1), USERS), 'MESSAGE_LENGTH'],
    [() => readTeleport(concat([users, Uint8Array.of(0)]), USERS), 'TRAILING_BYTES'],
    [() => readTeleport(users, USERS, { maxMessageLength: 100 }), 'MESSAGE_SIZE'],
    [() => readTeleport(usersWith(24 + 8 + 8, 2), USERS), 'PRESENCE_VALUE'],
    [() => readTeleport(usersWith(24 + 8 + 88, 2), USERS), 'BOOL_VALUE'],
    [() => readTeleport(usersWith(24 + 8 + 12, 0x28), USERS), 'STRING_BOUNDS'],
    [() => readTeleport(usersWith(24 + 4, 4), USERS), 'SLICE_BOUNDS'],
    [() => readTeleport(usersWith(24, 4), USERS), 'SLICE_ALIGNMENT'],
    [() => readTeleport(usersWith(24 + 344 + 13, 0x65), USERS), 'DECIMAL_TEXT'],
    [() => readTeleport(usersWith(24 + 344 + 1, 0xff), USERS), 'STRING_UTF8'],
    [() => parseLayout(USERS.replace('id_2:i32@40', 'id_2:i32@41')), 'LAYOUT'],
    [() => parseLayout('struct X{a:i128@0}#16:8'), 'LAYOUT'],
    [() => readQueryResult(fromHex(teleport['user.hex']), USER), 'LAYOUT'],
  ];
  for (const [fn, check] of cases) {
    const e = await assertThrows(fn, TeleportError, check, check);
    assertEq(e.check, check, 'check');
  }
});

// ---- patches and stylesheets (docs/dev-server.md) --------------------------------------------------

export function fixture(html) {
  let root = document.getElementById('fixture');
  if (!root) {
    root = document.createElement('div');
    root.id = 'fixture';
    document.body.append(root);
  }
  root.innerHTML = html;
  return root;
}

export function patchText(element, k, text) {
  const t = utf8.encode(text);
  const body = new Uint8Array(4 + t.length);
  new DataView(body.buffer).setUint32(0, (element << 8) | k, true);
  body.set(t, 4);
  return encodeFrame(Op.HTIP_PATCH_TEXT, 0, 0, body);
}

export function patchAttr(element, name, value) {
  const n = utf8.encode(name);
  const v = utf8.encode(value);
  const body = new Uint8Array(6 + n.length + v.length);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, element << 8, true);
  dv.setUint16(4, n.length, true);
  body.set(n, 6);
  body.set(v, 6 + n.length);
  return encodeFrame(Op.HTIP_PATCH_ATTR, 0, 0, body);
}

const FIXTURE = '<p data-dx-id="901">one<!-- not counted --><b data-dx-id="902">bold</b>two</p>'
  + '<a data-dx-id="903" href="/a" title="old">link</a>';

test('HtipBatch: text children counted without comments, attributes set', () => {
  const root = fixture(FIXTURE);
  const n = applyHtipBatch(concat([patchText(901, 2, 'TWO'), patchText(902, 1, 'BOLD'), patchAttr(903, 'title', 'new ✓')]), root);
  assertEq(n, 3, 'applied');
  assertEq(root.querySelector('p').innerHTML, 'one<!-- not counted --><b data-dx-id="902">BOLD</b>TWO', 'text');
  assertEq(root.querySelector('a').getAttribute('title'), 'new ✓', 'attribute');
});

test('HtipBatch: a missing target changes nothing and says which', async () => {
  const root = fixture(FIXTURE);
  await assertThrows(() => applyHtipBatch(concat([patchText(901, 1, 'X'), patchText(901, 3, 'Y')]), root),
    HtipTargetError, 'element 901 (<p>) has no text child 3', 'text child 3');
  await assertThrows(() => applyHtipBatch(patchAttr(999, 'title', 'x'), root), HtipTargetError, 'data-dx-id="999"', 'element 999');
  assertEq(root.querySelector('p').firstChild.data, 'one', 'first patch not applied');
});

test('HtipBatch: bad inner frames are refused before anything changes', async () => {
  const root = fixture(FIXTURE);
  const truncated = patchText(901, 1, 'X').subarray(0, 10);
  await assertThrows(() => applyHtipBatch(concat([patchText(901, 1, 'X'), truncated]), root), HbtpFrameError, 'inner frame 2', 'truncated');
  await assertThrows(() => applyHtipBatch(encodeFrame(Op.PING, 0, 0, ''), root), HbtpFrameError, 'not allowed', 'Ping inside');
  await assertThrows(() => applyHtipBatch(new Uint8Array(0), root), HbtpFrameError, 'empty HtipBatch', 'empty');
  await assertThrows(() => applyHtipBatch(patchText(901, 0, 'X'), root), HbtpFrameError, 'k = 0', 'k = 0');
  await assertThrows(() => applyHtipBatch(patchAttr(903, 'a b', 'x'), root), HbtpFrameError, 'not an attribute name', 'bad name');
  assertEq(root.querySelector('p').firstChild.data, 'one', 'unchanged');
});

test('css: the matching stylesheet link is replaced with a fresh query string', async () => {
  const old = document.createElement('link');
  old.rel = 'stylesheet';
  old.href = '/_dx/test.css?v=1';
  const other = document.createElement('link');
  other.rel = 'stylesheet';
  other.href = '/_dx/other.css';
  const elsewhere = document.createElement('link');
  elsewhere.rel = 'stylesheet';
  elsewhere.href = 'http://elsewhere.invalid/_dx/test.css';
  document.head.append(old, other, elsewhere);
  await new Promise((r) => { old.onload = r; old.onerror = r; });
  assertEq(swapStylesheet('/_dx/test.css'), 1, 'swapped');
  const fresh = [...document.querySelectorAll('link[rel=stylesheet]')].find((l) => l !== old && l.href.includes('/_dx/test.css'));
  assert(fresh && /\?dx=/.test(fresh.href), `fresh link ${fresh?.href}`);
  await new Promise((r) => { fresh.addEventListener('load', r); fresh.addEventListener('error', r); setTimeout(r, 2000); });
  assert(!old.isConnected, 'the old link is gone once the new one loaded');
  assert(other.isConnected, 'the other stylesheet stays');
  assert(elsewhere.isConnected && elsewhere.href === 'http://elsewhere.invalid/_dx/test.css', 'another origin\'s stays');
  fresh.remove();
  other.remove();
  elsewhere.remove();
});

// ---- running ---------------------------------------------------------------------------------------

/** Errors nobody caught while the tests ran: each fails the run (see the last test). */
const uncaught = [];
globalThis.addEventListener?.('error', (e) => uncaught.push(`error: ${e.message}`));
globalThis.addEventListener?.('unhandledrejection', (e) => uncaught.push(`unhandled rejection: ${e.reason?.stack ?? e.reason}`));

/** Runs one test, failing it when it has not settled within `ms`, so one hang never stops the page. */
function withTimeout(fn, ms) {
  let timer;
  return Promise.race([
    Promise.resolve().then(fn),
    new Promise((_, no) => { timer = setTimeout(() => no(new Error(`did not finish within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function run() {
  await import('./socket-test.js');
  if (new URLSearchParams(location.search).has('live')) await import('./live-server-test.js');
  test('no uncaught errors or unhandled rejections while the tests ran', async () => {
    await new Promise((r) => setTimeout(r, 50));
    assertEq(uncaught, [], 'uncaught');
  });
  const results = { passed: 0, failed: 0, failures: [], names: [] };
  const out = document.getElementById('results');
  for (const t of tests) {
    try {
      await withTimeout(t.fn, 15000);
      results.passed++;
      results.names.push(t.name);
      out?.insertAdjacentHTML('beforeend', `<li class="pass"></li>`);
      out?.lastElementChild.append(`✓ ${t.name}`);
    } catch (e) {
      results.failed++;
      results.failures.push({ name: t.name, message: String(e?.stack ?? e) });
      out?.insertAdjacentHTML('beforeend', `<li class="fail"></li>`);
      out?.lastElementChild.append(`✗ ${t.name}: ${e?.message ?? e}`);
      console.error(`dx test failed: ${t.name}`, e);
    }
  }
  window.__dxTestResults = results;
  document.title = `${results.failed ? 'FAIL' : 'PASS'} ${results.passed}/${results.passed + results.failed}`;
}

run().catch((e) => {
  window.__dxTestResults = { passed: 0, failed: 1, failures: [{ name: 'runner', message: String(e?.stack ?? e) }], names: [] };
});

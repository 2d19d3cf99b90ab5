// In-page tests that need a live HBTP server: loaded by runtime-test.js when the page is opened with
// ?live=1 by RuntimeUnitTestsInBrowserTest, whose server has these routes besides the dev server's
// 1 (query), 2 (live) and 3 (layout) over the query-users vector:
//   10 echo · 11 metadata echo · 12 RpcError 1001 · 13 stream of N chunks that checks credits ·
//   14 endless stream · 15 server Ping · 16 push HtipBatch · 17 push ServerEvent · 18 hellos seen ·
//   19 GoAway · 20 resumable stream (one chunk naming the connection) · 21 slow echo (300 ms) ·
//   22 close abruptly · 23 send a frame with a reserved flag bit
import { DevRuntime, HbtpError, ErrorCode, metadataValue, hbtpUrl } from './runtime.js';
import { test, assert, assertEq, toHex, fixture, patchText, patchAttr, USERS } from './runtime-test.js';
import { concat } from './hbtp-frame.js';

const utf8 = new TextEncoder();
const text = new TextDecoder();

let runtime;
/** One DevRuntime for all live tests, fast backoff, hello as the test page. */
function dev() {
  if (!runtime) {
    runtime = new DevRuntime({
      page: '/_dx/test.html',
      url: hbtpUrl(import.meta.url),
      reload: () => { runtime.state.reloadAsked = (runtime.state.reloadAsked ?? 0) + 1; },
      socketOptions: { backoffInitialMs: 50, backoffMaxMs: 400 },
    }).start();
    globalThis.__dx = runtime.state;
  }
  return runtime;
}

async function until(what, condition, ms = 5000) {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function json(bytes) {
  return JSON.parse(text.decode(bytes));
}

test('live: hello with the page is sent on connect', async () => {
  const { body } = await dev().socket.call(18, '');
  assertEq(json(body).hellos, ['{"type":"hello","page":"/_dx/test.html"}'], 'hellos');
  assertEq(dev().socket.protocol, 'hbtp.v1.1', 'subprotocol');
});

test('live: echo call, many in flight, answers matched by sequence', async () => {
  const s = dev().socket;
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => s.call(i % 2 ? 10 : 21, `n${i}`)));
  assertEq(answers.map((a) => text.decode(a.body)), Array.from({ length: 50 }, (_, i) => `n${i}`), 'bodies in call order');
  const bin = Uint8Array.from({ length: 256 }, (_, i) => i);
  assertEq(toHex((await s.call(10, bin)).body), toHex(bin), 'binary echo');
});

test('live: metadata both ways', async () => {
  const { body, metadata } = await dev().socket.call(11, 'x', { metadata: [['traceparent', 't-42'], ['x-n', 'a'], ['x-n', 'b']] });
  assertEq(text.decode(body), 'ok', 'body');
  assertEq(metadata.map(([k, v]) => `${k}=${text.decode(v)}`), ['traceparent=t-42', 'x-n=a', 'x-n=b', 'served-by=dx-test'], 'metadata');
  assertEq(metadataValue(metadata, 'served-by'), 'dx-test', 'metadataValue');
});

test('live: RpcError rejects with code and message; unknown route', async () => {
  try {
    await dev().socket.call(12, 'why');
    throw new Error('no error');
  } catch (e) {
    assert(e instanceof HbtpError, `HbtpError, got ${e}`);
    assertEq([e.code, e.serverMessage], [1001, 'boom: why'], 'code and message');
  }
  try {
    await dev().socket.call(4321, '');
    throw new Error('no error');
  } catch (e) {
    assertEq(e.codeName, 'ROUTE_NOT_FOUND', 'code name');
  }
});

test('live: server stream with 2 credits delivers all 12 chunks, credit granted as they are consumed', async () => {
  const got = [];
  const s = dev().socket;
  const granted = s.stats.creditsGranted;
  const h = s.stream(13, '12', async (body) => {
    got.push(json(body));
    await new Promise((r) => setTimeout(r, 5));
  }, { credits: 2 });
  const end = await Promise.race([h.done, new Promise((_, no) => setTimeout(() => no(new Error(`stalled after ${got.length} chunks`)), 5000))]);
  assertEq(end.how, 'end', 'ended');
  assertEq(got.map((c) => c.i), [...Array(12).keys()], 'chunks in order');
  assert(got.every((c) => c.credit >= 1 && c.credit <= 2), `server-side credit stayed within 1..2: ${JSON.stringify(got.map((c) => c.credit))}`);
  assert(s.stats.creditsGranted - granted >= 10, `credits granted ${s.stats.creditsGranted - granted}`);
});

test('live: cancel ends a stream with CANCELLED, resolved as cancelled', async () => {
  const got = [];
  const h = dev().socket.stream(14, '', (b) => got.push(text.decode(b)), { credits: 4 });
  await until('the first chunk', () => got.length === 1);
  h.cancel();
  assertEq((await h.done).how, 'cancelled', 'how');
  assertEq((await dev().socket.call(10, 'after')).body.length, 5, 'the connection carries on');
});

test('live: a server Ping is answered with Pong', async () => {
  const before = dev().socket.stats.pingsAnswered;
  assertEq(text.decode((await dev().socket.call(15, '')).body), 'pong', 'server saw the Pong');
  assertEq(dev().socket.stats.pingsAnswered, before + 1, 'pings answered');
});

test('live: HtipBatch pushed by the server patches the page and __dx counts it', async () => {
  const root = fixture('<h1 data-dx-id="950">Old title</h1><img data-dx-id="951" alt="old">');
  const applied = dev().state.applied;
  await dev().socket.call(16, concat([patchText(950, 1, 'New title'), patchAttr(951, 'alt', 'new')]));
  await until('the patch', () => dev().state.applied === applied + 2);
  assertEq(root.querySelector('h1').textContent, 'New title', 'text');
  assertEq(root.querySelector('img').alt, 'new', 'attr');
  assert(dev().state.lastAppliedAt > 0, 'lastAppliedAt');
  const reloads = dev().state.reloadAsked ?? 0;
  await dev().socket.call(16, patchText(999, 1, 'nowhere'));
  await until('a reload for a missing target', () => (dev().state.reloadAsked ?? 0) === reloads + 1);
});

test('live: ServerEvent css swaps the stylesheet, reload asks for a reload', async () => {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/_dx/test.css';
  document.head.append(link);
  const swaps = dev().state.cssSwaps;
  await dev().socket.call(17, JSON.stringify({ type: 'css', path: '/_dx/test.css' }));
  await until('the swap', () => dev().state.cssSwaps === swaps + 1);
  const reloads = dev().state.reloadAsked ?? 0;
  await dev().socket.call(17, JSON.stringify({ type: 'reload', reason: 'test' }));
  await until('the reload', () => (dev().state.reloadAsked ?? 0) === reloads + 1);
  document.querySelectorAll('link[href^="/_dx/test.css"]').forEach((l) => l.remove());
});

test('live: query (route 1) and live (route 2) read §7 results through the layout of route 3', async () => {
  const once = await dev().query('users', []);
  assertEq(once.rows.length, 3, 'rows');
  assertEq(once.rows[0][1], 'Ada Lovelace', 'full_name');
  const seen = [];
  const h = dev().live('users', [], (r) => seen.push(r));
  await until('two live results', () => seen.length >= 2);
  h.cancel();
  assertEq(seen[1].columns.length, 10, 'columns');
  assertEq(seen[1].rows[2][1], 'Zoë', 'row 2');
  assertEq(dev().layouts.size, 1, 'the layout was fetched once');
  const layout = await [...dev().layouts.values()][0];
  assertEq(layout.canonical, USERS, 'the layout route answers the canonical string');
});

test('live: GoAway: in-flight calls finish, new ones wait, then reconnect, hello again, streams reopen', async () => {
  const s = dev().socket;
  const connects = s.stats.connects;
  const connections = [];
  const h = s.stream(20, '', (b) => connections.push(json(b).connection), { credits: 1 });
  await until('the stream', () => connections.length === 1);
  const slow = s.call(21, 'slow');
  assertEq(text.decode((await s.call(19, '')).body), 'draining', 'goaway route');
  const after = s.call(18, '');
  assertEq(text.decode((await slow).body), 'slow', 'the in-flight call finished');
  const hellos = json((await after).body);
  assert(hellos.connection !== connections[0], 'the later call went over a new connection');
  assertEq(hellos.hellos.length, 1, 'hello sent again');
  await until('the stream re-opened', () => connections.length === 2);
  assertEq(connections[1], hellos.connection, 'the stream is on the new connection');
  assertEq(s.stats.connects, connects + 1, 'one reconnect');
  assert(s.stats.goAways >= 1, 'GoAway seen');
  h.cancel();
  await h.done;
});

test('live: an unexpected close fails the call in flight, then the socket reconnects', async () => {
  const s = dev().socket;
  const connects = s.stats.connects;
  try {
    await s.call(22, '');
    throw new Error('no error');
  } catch (e) {
    assertEq(e.codeName, 'CONNECTION_LOST', 'lost');
  }
  assertEq(text.decode((await s.call(10, 'back')).body), 'back', 'answered after the reconnect');
  assertEq(s.stats.connects, connects + 1, 'reconnected');
});

test('live: a bad frame from the server is refused with a console error, then the socket reconnects', async () => {
  const s = dev().socket;
  const bad = s.stats.badFrames;
  try {
    await s.call(23, '');
  } catch (e) {
    assertEq(e.codeName, 'CONNECTION_LOST', 'the call in flight is lost');
  }
  assertEq(s.stats.badFrames, bad + 1, 'counted');
  assert(/reserved flag/.test(s.stats.lastError), `lastError ${s.stats.lastError}`);
  assertEq(text.decode((await s.call(10, 'again')).body), 'again', 'answered after the reconnect');
});

test('live: errors in args are rejected before sending', async () => {
  try {
    await dev().socket.call(10, 'x', { metadata: [['Bad Key', 'x']] });
    throw new Error('no error');
  } catch (e) {
    assert(e instanceof RangeError, `RangeError, got ${e}`);
  }
  assertEq(ErrorCode.SHUTTING_DOWN, 12, 'codes');
  assertEq(utf8.encode('ok').length, 2, 'sanity');
});

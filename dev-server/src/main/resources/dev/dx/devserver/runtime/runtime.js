// The dx-dev browser runtime (docs/dev-server.md): an ES module with no build step and no
// dependencies. The dev server adds
//   <script type="module" src="/_dx/runtime.js" data-dx-page="/index.html"></script>
// to every page it serves; this module then connects to /hbtp, says hello, and keeps the page in
// step with the site directory: stylesheets swapped, text patched in place, reloads, live queries.
//
// window.__dx exposes what a test wants to observe:
//   connects, hellos, events, cssSwaps, reloads, applied (patches applied), batches,
//   lastAppliedAt / lastCssAt / lastEventAt (performance.now() when it happened),
//   lastError, socket (the HbtpSocket), live(...) and the counters of socket.stats.
import { HbtpSocket } from './hbtp-socket.js';
import { Op } from './hbtp-frame.js';
import { applyHtipBatch, HtipTargetError } from './htip.js';
import { parseLayout, readQueryResult } from './teleport.js';

export * from './hbtp-frame.js';
export * from './hbtp-socket.js';
export * from './teleport.js';
export * from './htip.js';

/** Route ids of the dev server (docs/dev-server.md, "Live data"). */
export const Route = Object.freeze({ QUERY: 1, LIVE: 2, LAYOUT: 3 });

const text = new TextDecoder();

/** The WebSocket URL of /hbtp on the server that served `moduleUrl`. */
export function hbtpUrl(moduleUrl = import.meta.url) {
  const u = new URL('/hbtp', moduleUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.href;
}

/**
 * Replaces every `<link rel="stylesheet">` of this page's origin whose URL path is `path` by a copy with a fresh query
 * string; the old one is removed once the new one has loaded (or failed), so the page never shows
 * unstyled. Returns how many links were swapped.
 */
export function swapStylesheet(path, doc = document) {
  let swapped = 0;
  for (const link of doc.querySelectorAll('link[rel~="stylesheet"]')) {
    const url = new URL(link.getAttribute('href'), doc.baseURI);
    if (url.origin !== new URL(doc.baseURI).origin || url.pathname !== path) continue;
    url.search = `?dx=${Date.now().toString(36)}${(swapped + 1).toString(36)}`;
    const fresh = link.cloneNode(false);
    fresh.href = url.pathname + url.search;
    const drop = () => link.remove();
    fresh.addEventListener('load', drop, { once: true });
    fresh.addEventListener('error', drop, { once: true });
    link.after(fresh);
    swapped++;
  }
  return swapped;
}

/**
 * The dev runtime of one page. `start()` connects; `handleEvent` and `handleFrame` are the
 * reactions to the server's pushes, exposed for tests.
 */
export class DevRuntime {
  constructor({ page, url = hbtpUrl(), reload = () => location.reload(), socketOptions = {}, doc = globalThis.document } = {}) {
    this.page = page;
    this.doc = doc;
    this.reload = reload;
    this.layouts = new Map();
    this.state = {
      connects: 0, hellos: 0, events: 0, cssSwaps: 0, reloads: 0, applied: 0, batches: 0,
      lastAppliedAt: null, lastCssAt: null, lastEventAt: null, lastError: null,
    };
    this.socket = new HbtpSocket(url, {
      ...socketOptions,
      onOpen: (s) => {
        this.state.connects++;
        if (this.page && s.sendEvent(JSON.stringify({ type: 'hello', page: this.page }))) this.state.hellos++;
      },
      onFrame: (frame) => this.handleFrame(frame),
    });
  }

  start() {
    this.socket.start();
    return this;
  }

  handleFrame(frame) {
    if (frame.opcode === Op.SERVER_EVENT) {
      let event;
      try {
        event = JSON.parse(text.decode(frame.body));
      } catch (e) {
        this.error(`ServerEvent is not JSON: ${e.message}`);
        return;
      }
      this.handleEvent(event);
      return;
    }
    const body = frame.opcode === Op.HTIP_BATCH ? frame.body : [frame];
    try {
      const n = applyHtipBatch(body, this.doc);
      this.state.applied += n;
      this.state.batches++;
      this.state.lastAppliedAt = performance.now();
    } catch (e) {
      if (e instanceof HtipTargetError) {
        this.error(`patch target missing (${e.message}); reloading`);
        this.doReload('patch target missing');
      } else {
        throw e;
      }
    }
  }

  handleEvent(event) {
    this.state.events++;
    this.state.lastEventAt = performance.now();
    switch (event?.type) {
      case 'css':
        this.state.cssSwaps += swapStylesheet(String(event.path), this.doc);
        this.state.lastCssAt = performance.now();
        return;
      case 'reload':
        this.doReload(event.reason ?? '');
        return;
      default:
        console.warn(`dx: unknown server event ${JSON.stringify(event?.type)}`);
    }
  }

  doReload(reason) {
    this.state.reloads++;
    console.info(`dx: reload (${reason})`);
    this.reload();
  }

  error(message) {
    this.state.lastError = message;
    console.error(`dx: ${message}`);
  }

  /**
   * Fetches (once per query and fingerprint) the canonical layout of `query`'s result via route 3,
   * so its §7 messages can be read.
   */
  async layoutOf(query, fingerprint) {
    const key = `${query}#${fingerprint}`;
    if (!this.layouts.has(key)) {
      const answer = this.socket.call(Route.LAYOUT, JSON.stringify({ query }))
        .then(({ body }) => parseLayout(text.decode(body)));
      this.layouts.set(key, answer);
      answer.catch(() => this.layouts.delete(key));
    }
    return this.layouts.get(key);
  }

  /** Reads one §7 message of `query`, fetching its layout when the fingerprint is new. */
  async decode(query, body) {
    const fingerprint = body.length >= 16 ? new DataView(body.buffer, body.byteOffset + 8, 8).getBigUint64(0, true) : 0n;
    const layout = await this.layoutOf(query, fingerprint);
    return readQueryResult(body, layout);
  }

  /** RpcCall on route 1: the query's result once, decoded. */
  async query(query, params = []) {
    const { body } = await this.socket.call(Route.QUERY, JSON.stringify({ query, params }));
    return this.decode(query, body);
  }

  /**
   * Subscribes to `query` on route 2 and calls `render(result, query)` with every §7 message the
   * server sends (now, and after each committed change), decoded by readQueryResult. Returns the
   * stream handle (`cancel()`, `done`).
   */
  live(query, params, render, { credits = 2 } = {}) {
    return this.socket.stream(Route.LIVE, JSON.stringify({ query, params: params ?? [] }), async (body) => {
      let result;
      try {
        result = await this.decode(query, body);
      } catch (e) {
        this.error(`live ${query}: ${e.message}`);
        return;
      }
      render(result, query);
    }, { credits });
  }
}

/** The runtime's own script tag, if the page was served by dx-dev. */
function ownScript() {
  for (const s of document.querySelectorAll('script[data-dx-page]')) {
    if (new URL(s.src, document.baseURI).href === import.meta.url) return s;
  }
  return null;
}

if (typeof document !== 'undefined') {
  const script = ownScript();
  if (script) {
    const runtime = new DevRuntime({ page: script.dataset.dxPage }).start();
    const dx = Object.assign(runtime.state, {
      runtime,
      socket: runtime.socket,
      live: (q, p, r, o) => runtime.live(q, p, r, o),
      query: (q, p) => runtime.query(q, p),
    });
    globalThis.__dx = dx;
    globalThis.dispatchEvent(new CustomEvent('dx:ready', { detail: dx }));
  }
}

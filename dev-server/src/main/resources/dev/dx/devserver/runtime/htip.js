// Text patches (docs/dev-server.md, "Text patches"): an HtipBatch (0x24) whose body is complete
// HtipPatchText (0x21) and HtipPatchAttr (0x22) frames. Every target is found before any is
// changed, so a batch applies whole or not at all.
import { Op, HbtpFrameError, ErrorCode, decodeInnerFrames, decodeUtf8 } from './hbtp-frame.js';

const PATCH_OPCODES = new Set([Op.HTIP_PATCH_TEXT, Op.HTIP_PATCH_ATTR]);

/** A patch whose target is not in the page: the page and the server disagree, the runtime reloads. */
export class HtipTargetError extends Error {
  constructor(message) {
    super(message);
    this.name = 'HtipTargetError';
  }
}

/**
 * Decodes one patch frame into `{kind: 'text', element, k, text}` or `{kind: 'attr', element, name,
 * value}`; the node id is `element << 8 | k` (k 1-based for text, 0 for an attribute).
 */
export function decodePatch(frame) {
  const b = frame.body;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const node = dv.getUint32(0, true);
  const element = node >>> 8;
  const k = node & 0xff;
  if (element === 0) throw new HbtpFrameError(ErrorCode.BAD_FRAME, `node id 0x${node.toString(16)} names element 0 (ids start at 1)`);
  if (frame.opcode === Op.HTIP_PATCH_TEXT) {
    if (k === 0) throw new HbtpFrameError(ErrorCode.BAD_FRAME, `HtipPatchText node id 0x${node.toString(16)} names no text child (k = 0)`);
    return { kind: 'text', element, k, text: decodeUtf8(b.subarray(4), 'HtipPatchText text') };
  }
  if (k !== 0) throw new HbtpFrameError(ErrorCode.BAD_FRAME, `HtipPatchAttr node id 0x${node.toString(16)} has k = ${k} (expected: 0)`);
  const nameLength = dv.getUint16(4, true);
  if (nameLength === 0 || 6 + nameLength > b.length) {
    throw new HbtpFrameError(ErrorCode.BAD_FRAME, `HtipPatchAttr name length ${nameLength} with ${b.length - 6} bytes left`);
  }
  return {
    kind: 'attr',
    element,
    name: decodeUtf8(b.subarray(6, 6 + nameLength), 'HtipPatchAttr name'),
    value: decodeUtf8(b.subarray(6 + nameLength), 'HtipPatchAttr value'),
  };
}

/** The k-th (1-based) child of `el` that is a text node, comments and elements not counted. */
function textChild(el, k) {
  let seen = 0;
  for (const n of el.childNodes) {
    if (n.nodeType === 3 && ++seen === k) return n;
  }
  return null;
}

/**
 * Applies one HtipBatch body (or a lone patch frame, given as `[frame]`) under `root` (the document
 * by default): checks every inner frame, finds every target, then changes them all. Returns the
 * number of patches applied. Throws HbtpFrameError for a malformed batch and HtipTargetError when an
 * element or text child is missing; in both cases nothing was changed.
 */
export function applyHtipBatch(body, root = document) {
  const frames = Array.isArray(body) ? body : decodeInnerFrames(body, { allowed: PATCH_OPCODES, what: 'HtipBatch' });
  const patches = frames.map(decodePatch);
  const targets = patches.map((p) => {
    const el = root.querySelector(`[data-dx-id="${p.element}"]`);
    if (!el) throw new HtipTargetError(`no element with data-dx-id="${p.element}"`);
    if (p.kind === 'attr') return el;
    const text = textChild(el, p.k);
    if (!text) throw new HtipTargetError(`element ${p.element} (<${el.localName}>) has no text child ${p.k}`);
    return text;
  });
  for (const p of patches) {
    if (p.kind === 'attr' && !/^[^\s"'>/=\u0000-\u001f]+$/.test(p.name)) {
      throw new HbtpFrameError(ErrorCode.BAD_FRAME, `HtipPatchAttr name ${JSON.stringify(p.name)} is not an attribute name`);
    }
  }
  patches.forEach((p, i) => {
    if (p.kind === 'text') targets[i].data = p.text;
    else targets[i].setAttribute(p.name, p.value);
  });
  return patches.length;
}

// The demo page's own script: renders the live query `items` into the table. dx-dev adds the runtime
// to every page it serves; importing it here gets the same module, already started (window.__dx).
import '/_dx/runtime.js';

const rows = document.getElementById('rows');
const conn = document.getElementById('conn');
let previous = new Map();

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(result) {
  conn.textContent = `live, ${result.rows.length} rows at ${new Date().toLocaleTimeString()}`;
  const next = new Map();
  const trs = result.rows.map(([id, name, qty, updated]) => {
    const tr = document.createElement('tr');
    tr.dataset.id = String(id);
    tr.append(cell(String(id), 'num'), cell(name), cell(String(qty), 'num'),
        cell(updated instanceof Date ? updated.toLocaleTimeString() : String(updated)));
    const key = `${name}|${qty}`;
    if (previous.has(String(id)) && previous.get(String(id)) !== key) tr.className = 'changed';
    next.set(String(id), key);
    return tr;
  });
  previous = next;
  rows.replaceChildren(...trs);
}

const dx = globalThis.__dx;
if (dx) {
  dx.live('items', [], render);
} else {
  rows.replaceChildren(cell('open this page from dx-dev (dx-dev serve) to see live rows'));
}

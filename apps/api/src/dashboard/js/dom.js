// Builds DOM nodes from data with textContent only: nothing the API returns is parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A definition list of the entries whose value is given. */
export function kv(entries) {
  const dl = h('dl', { class: 'kv' });
  for (const [key, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    dl.append(h('dt', {}, key), h('dd', {}, value));
  }
  return dl;
}

export function time(iso) {
  const d = new Date(iso);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function showProblem(message) {
  const box = document.getElementById('problem');
  box.textContent = message;
  box.hidden = !message;
}

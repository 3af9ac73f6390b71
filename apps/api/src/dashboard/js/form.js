// The quote and order form: every order type with its own fields; the API's verdict in words.
import { api } from './api.js';
import { h, kv, showProblem } from './dom.js';

const INTEGER = /^\d+$/;
const QUOTE_FIELDS = [
  'tokenIn', 'tokenOut', 'amountIn', 'slippage', 'priorityFee', 'maxPriorityFeeLamports', 'jitoTipLamports',
];

/** Shows the fields of the chosen type only (trigger price for limit and stop, max price for sniper…). */
function showFieldsOf(form) {
  const type = form.elements.type.value;
  for (const label of form.querySelectorAll('label[data-for]')) {
    const on = label.dataset.for.split(' ').includes(type);
    label.classList.toggle('off', !on);
  }
}

/** The order's body: the filled fields of its type, amounts kept as the decimal strings typed. */
export function orderBody(form) {
  const type = form.elements.type.value;
  const value = (name) => form.elements[name].value.trim();
  const body = { type, tokenIn: value('tokenIn'), tokenOut: value('tokenOut'), amountIn: value('amountIn') };
  if (value('slippage')) body.slippage = Number(value('slippage'));
  if ((type === 'limit' || type === 'stop') && value('triggerPrice')) body.triggerPrice = value('triggerPrice');
  if (type === 'sniper' && value('maxPrice')) body.maxPrice = value('maxPrice');
  const integer = (name) => (INTEGER.test(value(name)) ? Number(value(name)) : value(name));
  if (type !== 'market' && value('expiresIn')) body.expiresIn = integer('expiresIn');
  for (const name of ['priorityFee', 'maxPriorityFeeLamports', 'jitoTipLamports']) {
    if (value(name)) body[name] = integer(name);
  }
  return body;
}

function legText(leg) {
  const share = leg.shareBps !== undefined ? ` ${leg.shareBps / 100}%` : '';
  return `${leg.venue} ${leg.tokenIn}→${leg.tokenOut}${share}`;
}

export function setUpForm(form, resultBox, orders) {
  form.elements.type.addEventListener('change', () => showFieldsOf(form));
  showFieldsOf(form);

  document.getElementById('quote').addEventListener('click', async () => {
    const params = new URLSearchParams();
    for (const name of QUOTE_FIELDS) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    try {
      const q = await api('GET', `/api/quotes?${params}`, undefined, 'The quote');
      showProblem('');
      resultBox.classList.remove('muted');
      resultBox.replaceChildren(
        kv([
          ['quote', `${q.inAmount} ${q.tokenIn} → ${q.outAmount} ${q.tokenOut}`],
          ['min amount out', q.minAmountOut],
          ['route', `${q.route} (${q.kind}, ${q.hops} hop${q.hops === 1 ? '' : 's'})`],
          ['why', q.reason],
          ['legs', q.routePlan.map(legText).join(' · ')],
          ['network fee', `${q.networkFee.lamports} lamports`],
          ['expires', q.expiresAt],
        ]),
      );
    } catch (err) {
      showProblem(err.message);
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const { orderId } = await api('POST', '/api/orders/execute', orderBody(form), 'Placing the order');
      showProblem('');
      resultBox.classList.remove('muted');
      resultBox.replaceChildren(h('p', { id: 'placed' }, `Order ${orderId} accepted.`));
      orders.entry(orderId);
      orders.select(orderId);
    } catch (err) {
      showProblem(err.message);
    }
  });
}

// `v-focus-trap` for the inbox's modal dialogs (image viewer, template picker, interactive
// builder, emoji picker): focus goes in when one opens, Tab and Shift+Tab cycle inside it, and
// when it closes the focus returns to what had it before (the button that opened it), unless the
// agent has meanwhile put it somewhere else. Open shadow roots count as inside (the emoji
// picker is a custom element whose search box and grid live in its shadow DOM).
//
// Value (optional): `{ initial: 'css selector' }` for the element to focus first (default the
// first tabbable one), or `{ initial: false }` when the dialog focuses itself.

const TABBABLE = 'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"]';

function tabbable(el) {
  if (el.disabled || el.getAttribute('tabindex') === '-1' || el.hidden) return false;
  if (el.closest('[inert]')) return false;
  return !(el instanceof HTMLInputElement && el.type === 'hidden');
}

/** Tabbable elements in document order, descending into open shadow roots. */
export function tabbables(root) {
  const out = [];
  const walk = (node) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.matches(TABBABLE) && tabbable(el)) out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

/** The focused element, inside shadow roots too. */
function deepActive() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function onKeydown(event) {
  if (event.key !== 'Tab') return;
  const items = tabbables(event.currentTarget);
  if (!items.length) {
    event.preventDefault();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const active = deepActive();
  const outside = !items.includes(active);
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}

const traps = new WeakMap();

export const vFocusTrap = {
  mounted(el, binding) {
    traps.set(el, { opener: deepActive(), hadFocus: false });
    el.addEventListener('keydown', onKeydown);
    const initial = binding.value?.initial;
    if (initial === false || el.contains(document.activeElement)) return;
    const target = (initial && el.querySelector(initial)) || tabbables(el)[0];
    target?.focus();
  },
  beforeUnmount(el) {
    const trap = traps.get(el);
    if (trap) trap.hadFocus = el.contains(document.activeElement);
    el.removeEventListener('keydown', onKeydown);
  },
  unmounted(el) {
    const trap = traps.get(el);
    traps.delete(el);
    const lost = !document.activeElement || document.activeElement === document.body;
    if (trap && (trap.hadFocus || lost) && trap.opener?.isConnected) trap.opener.focus();
  },
};

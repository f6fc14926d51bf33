import { tick } from 'svelte';
/**
 * Where the keyboard focus goes when the row holding it is about to disappear (a removed rating, a restored
 * item): to the same action in the next row, else the previous row, else the list's heading. Without this the
 * focus falls back to <body> and a keyboard user starts over from the top of the page. Rows mark the control that
 * takes the focus with a data-row-action attribute.
 */
export function handOffFocus(from: Element | null, fallback: HTMLElement | undefined): void {
  const row = from?.closest('li');
  const neighbour = row?.nextElementSibling ?? row?.previousElementSibling;
  const target = neighbour?.querySelector<HTMLElement>('[data-row-action]') ?? fallback;
  // Not scrolled to: the page stays where the user was reading (the heading may be far above).
  target?.focus({ preventScroll: true });
}

/** After "Show more": put the focus on the first newly shown row, where reading continues. */
export function focusRow(list: HTMLElement | undefined, index: number): void {
  list?.children.item(index)?.querySelector<HTMLElement>('[data-row-action]')?.focus();
}

/**
 * Scroll a result the user just caused (an import's report, an export's file name) into view once it is rendered,
 * as little as needed: on a phone it would otherwise appear below the fold, unseen.
 */
export async function revealWhenShown(element: () => HTMLElement | undefined): Promise<void> {
  await tick();
  element()?.scrollIntoView({ block: 'nearest' });
}

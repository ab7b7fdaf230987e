/** The element of index.html with this id; a missing one is a bug in the page, reported by name. */
export function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no element #${id}.`);
  return found as T;
}

import { routeFromHash, type RouteMatch } from './routes';

/**
 * The current screen, derived from location.hash (links and the address bar change the hash; nothing else writes it).
 * `navigations` counts route changes after the first render, so the shell moves focus only when the user went
 * somewhere, not when the page first loads.
 */
class Router {
  #current = $state<RouteMatch>(routeFromHash(location.hash));
  #hash = $state(location.hash);
  #navigations = $state(0);

  constructor() {
    window.addEventListener('hashchange', () => {
      const next = routeFromHash(location.hash);
      this.#hash = location.hash;
      if (next !== this.#current) this.#navigations += 1;
      this.#current = next;
    });
  }

  get current(): RouteMatch {
    return this.#current;
  }

  /** The raw hash, for the "page not found" message. */
  get hash(): string {
    return this.#hash;
  }

  get navigations(): number {
    return this.#navigations;
  }
}

export const router = new Router();

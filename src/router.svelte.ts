import { routeFromHash, type RouteId } from './routes';

/** Current screen, derived from location.hash. All writes go through `navigate`. */
class Router {
  #current = $state<RouteId>(routeFromHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.#current = routeFromHash(location.hash);
    });
  }

  get current(): RouteId {
    return this.#current;
  }
}

export const router = new Router();

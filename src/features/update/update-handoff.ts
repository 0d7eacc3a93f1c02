/**
 * The hand-off from the bulk update flow to the Import screen: the prepared upsert file waits here (page memory, so
 * it never touches storage) until the Import screen takes it after navigating to `#/import?from=update`.
 */

export interface UpdateHandoff {
  /** A JSON array of the users to upsert: only those whose edits have an effect, and new users. */
  file: File;
  users: number;
  /** The import must run with upsert=true: these users exist already. */
  upsert: true;
  /** The connection the original export came from, when Ferry knows it (pre-select it on the Import screen). */
  connection: { id: string; name: string } | null;
  /** What the change preview said, for the Import screen to repeat: e.g. "12 users change; metadata is replaced". */
  summary: string;
  createdAt: number;
}

let pending: UpdateHandoff | null = null;

/** Where the Update flow sends the admin once the file is prepared. */
export const importRouteFromUpdate = '#/import?from=update';

export function offerUpdateHandoff(handoff: UpdateHandoff): void {
  pending = handoff;
}

/** For the Import screen: the prepared file, once (a second call returns null). */
export function takeUpdateHandoff(): UpdateHandoff | null {
  const taken = pending;
  pending = null;
  return taken;
}

/** For the Import screen: whether a prepared file is waiting, without taking it. */
export function peekUpdateHandoff(): UpdateHandoff | null {
  return pending;
}

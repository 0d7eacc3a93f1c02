/** A scripted fetch for tests: answers in order and records what was sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: RequestInit['body'];
}

export type Answer = Response | Error | ((request: SentRequest) => Response);

export function scriptedFetch(answers: Answer[]): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const queue = [...answers];
  const fake = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const request: SentRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: init?.body,
    };
    sent.push(request);
    const next = queue.shift();
    if (!next) throw new Error(`No scripted answer for ${request.method} ${request.url}`);
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(request) : next;
  };
  return { fetch: fake as typeof fetch, sent };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * The dashboard's only way to the ledger: the HTTP API, with the session cookie. Errors arrive
 * as RFC 9457 problems and are thrown as `ApiProblem`, keeping the field path for forms.
 */

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly path?: string;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  try {
    return new ApiProblem((await response.json()) as Problem);
  } catch {
    return new ApiProblem({ status: response.status, code: 'HTTP_ERROR', detail: `${response.status} ${response.statusText}` });
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await problemOf(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Sends a file as the request body, as it is (imports). */
export async function upload<T>(path: string, file: File): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    credentials: 'same-origin',
    body: file,
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

export interface Session {
  readonly role: string;
  readonly userId?: string;
  readonly partyId?: string | null;
}

/** A list page from /api/{resource}. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Every page of a list (the dashboard's lists are a ledger's worth, not millions). */
export async function getAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const joiner = path.includes('?') ? '&' : '?';
  do {
    const page: Page<T> = await getJson<Page<T>>(`${path}${joiner}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

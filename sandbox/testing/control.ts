// Calling a sandbox's control API (/__control/...) and reading JSON answers, for tests of every provider.

/** Without a type argument a control answer is an object whose fields the caller still has to narrow. */
export type ControlResponse = Record<string, unknown>;

/** POST when a body is given, else GET; throws on a non-2xx answer. Every control route answers with JSON. */
export async function control<T = ControlResponse>(
  base: string,
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<T> {
  const response = await fetch(`${base}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A response's JSON body, as the type the caller says the endpoint answers with. */
export async function readJson<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

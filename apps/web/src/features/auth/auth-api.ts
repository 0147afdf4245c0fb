import {
  loginResponseSchema,
  whoamiSchema,
  type LoginBody,
  type RegisterBody,
  type WhoAmI,
} from '@dtwin/contracts/auth';
import type { HttpClient } from '../../lib/http';

/** `POST /api/login` → the access token. A wrong password is a 401 shown on the form, not a redirect. */
export async function login(http: HttpClient, body: LoginBody): Promise<string> {
  const answer = await http.post('/api/login', { body, schema: loginResponseSchema, auth: false });
  return answer.access_token;
}

/** `POST /api/register` → 201; the body of the answer is not used. */
export async function register(http: HttpClient, body: RegisterBody): Promise<void> {
  await http.post('/api/register', { body, auth: false });
}

/** `POST /api/logout` revokes the current token on the server. */
export async function logout(http: HttpClient): Promise<void> {
  await http.post('/api/logout');
}

export function fetchWhoami(http: HttpClient, signal?: AbortSignal): Promise<WhoAmI> {
  return http.get('/api/whoami', { schema: whoamiSchema, signal });
}

import type { Role } from '@dtwin/contracts/auth';
import {
  userListSchema,
  userResponseSchema,
  type CreateUserBody,
  type UpdateUserBody,
  type User,
} from '@dtwin/contracts/users';
import type { HttpClient } from '../../lib/http';

export const USERS_PAGE_SIZE = 25;

export type UserList = ReturnType<typeof userListSchema.parse>;

export type UserListParams = {
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
};

/** `GET /api/users?q=&role=&limit=&offset=` → `{items, total}`. */
export function listUsers(http: HttpClient, params: UserListParams, signal?: AbortSignal): Promise<UserList> {
  return http.get('/api/users', { query: params, schema: userListSchema, signal });
}

/** `POST /api/users` → 201 `{user}`. */
export async function createUser(http: HttpClient, body: CreateUserBody): Promise<User> {
  return (await http.post('/api/users', { body, schema: userResponseSchema })).user;
}

/** `PATCH /api/users/{id}` with only the fields that change → `{user}`. */
export async function updateUser(http: HttpClient, id: number, body: UpdateUserBody): Promise<User> {
  return (await http.patch(`/api/users/${id}`, { body, schema: userResponseSchema })).user;
}

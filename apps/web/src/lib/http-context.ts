import { createContext, use } from 'react';
import type { HttpClient } from './http';

export const HttpContext = createContext<HttpClient | null>(null);

export function useHttp(): HttpClient {
  const http = use(HttpContext);
  if (!http) throw new Error('useHttp() needs an <HttpContext> provider above it');
  return http;
}

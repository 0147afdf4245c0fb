import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../route-kit/error-responses';

const badAddressPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad address · Digital Twin</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;line-height:1.5}a{color:#2563eb}</style>
</head><body><h1>This address is not valid</h1>
<p>The link you followed is malformed (it contains an incomplete character code).</p>
<p><a href="/">Go to the start page</a></p></body></html>`;

function wantsPage(request: FastifyRequest): boolean {
  const path = request.raw.url ?? '/';
  const api = path.startsWith('/api/') || path.startsWith('/ingest/');
  return !api && (request.headers.accept ?? '').includes('text/html');
}

/**
 * Errors Fastify raises before a route runs (a malformed URL); a browser gets a page, a client
 * our error body — never Fastify's own JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL') {
    if (wantsPage(request)) return reply.status(400).type('text/html; charset=utf-8').send(badAddressPage);
    return sendError(reply, 'bad_request', 'the URL is not valid');
  }
  return sendError(reply, 'bad_request', 'the request is not valid');
}

import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { endpointsByTag, loadApiDocs, referencedSchemas, type OpenApi } from './api-docs';
import './ApiDocsPage.css';

/** The API reference: every endpoint by area, with its parameters, body and answers; the shapes on demand. */
export function ApiDocsPage() {
  const http = useHttp();
  const docs = useQuery(['api-docs'], (signal) => loadApiDocs(http, signal));
  const [filter, setFilter] = useState('');
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every REST endpoint of this server. Send the bearer token you get from POST /api/login."
      />
      <label className="api-docs__filter">
        <span>Filter</span>
        <input
          className="input"
          type="search"
          maxLength={80}
          value={filter}
          placeholder="e.g. alerts, /api/devices"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <QueryView
        query={docs}
        errorTitle="The API document could not be loaded"
        loadingLabel="Loading the API…"
      >
        {(doc) => <Reference doc={doc} filter={filter.trim().toLowerCase()} />}
      </QueryView>
    </>
  );
}

function Reference({ doc, filter }: { doc: OpenApi; filter: string }) {
  const schemas = doc.components?.schemas ?? {};
  return (
    <div className="api-docs">
      {endpointsByTag(doc).map(([tag, endpoints]) => {
        const shown = endpoints.filter(
          (e) =>
            !filter ||
            tag.includes(filter) ||
            e.path.toLowerCase().includes(filter) ||
            (e.operation.summary ?? '').toLowerCase().includes(filter),
        );
        if (shown.length === 0) return null;
        return (
          <section key={tag} className="panel" aria-label={`${tag} endpoints`}>
            <h2 className="panel__title">{tag}</h2>
            {shown.map(({ method, path, operation }) => (
              <details key={`${method} ${path}`} className="api-docs__endpoint">
                <summary>
                  <span className={`api-docs__method api-docs__method--${method.toLowerCase()}`}>
                    {method}
                  </span>{' '}
                  <code className="api-docs__path">{path}</code>{' '}
                  <span className="cell--muted">{operation.summary}</span>
                </summary>
                {(operation.parameters ?? []).length > 0 && (
                  <p>
                    Parameters:{' '}
                    {(operation.parameters ?? [])
                      .map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`)
                      .join(', ')}
                  </p>
                )}
                <p>Answers: {Object.keys(operation.responses ?? {}).join(', ')}</p>
                {referencedSchemas(operation).map((name) => (
                  <details key={name} className="api-docs__schema">
                    <summary>{name}</summary>
                    <pre>{JSON.stringify(schemas[name] ?? null, null, 2)}</pre>
                  </details>
                ))}
              </details>
            ))}
          </section>
        );
      })}
    </div>
  );
}

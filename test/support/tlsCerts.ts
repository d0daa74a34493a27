/**
 * A throw-away certificate authority made by the test with the `openssl` CLI (node:crypto cannot sign
 * certificates): a CA, a server certificate for IP 127.0.0.1 signed by it, and one for "localhost" only (the
 * wrong name for a client that connects to 127.0.0.1). EC P-256 keys: quick to make.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  /** PEM file of the CA certificate: what a profile's caFile points at. */
  caFile: string;
  /** Key and certificate (PEM) of a server at 127.0.0.1 and 127.0.0.2 (the proxy suites' loopback address). */
  server: { key: string; cert: string };
  /** Key and certificate (PEM) naming only "localhost". */
  wrongName: { key: string; cert: string };
  remove(): void;
}

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'oss-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = (file: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file);
  ecKey('ca.key');
  run(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=OpenStack Storage test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const leaf = (name: string, san: string) => {
    ecKey(`${name}.key`);
    run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(
      join(dir, `${name}.ext`),
      `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`,
    );
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    server: leaf('server', 'IP:127.0.0.1,IP:127.0.0.2'),
    wrongName: leaf('localhost', 'DNS:localhost'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

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

/** Runs the openssl CLI in `dir`. */
function openssl(dir: string): (...args: string[]) => Buffer {
  return (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** An EC P-256 key in `name`.key and a signing request for CN=`name` in `name`.csr. */
function keyAndRequest(dir: string, name: string): void {
  const run = openssl(dir);
  run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
}

/** Signs `name`.csr into `name`.pem (2 days) with the CA's certificate and key, adding `ext` to a leaf's usual extensions. */
function signLeaf(dir: string, name: string, ext: string, caCert = 'ca.pem', caKey = 'ca.key'): void {
  writeFileSync(join(dir, `${name}.ext`), `${ext}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n`);
  openssl(dir)(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  );
}

export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'oss-tls-'));
  const run = openssl(dir);
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
    keyAndRequest(dir, name);
    signLeaf(dir, name, `subjectAltName=${san}\nextendedKeyUsage=serverAuth`);
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

/** Client certificates and broken server certificates for the TLS-terminator suite, all PEM files in `ca.dir`. */
export interface NetworkCerts {
  /** A client certificate signed by the CA; its key encrypted with `passphrase`, and the same key in clear. */
  client: { certFile: string; keyFile: string; encryptedKeyFile: string; passphrase: string };
  /** A client certificate from another CA (the server must refuse it). */
  strangerClient: { certFile: string; keyFile: string };
  /** haproxy `crt` files (certificate then key): valid for 127.0.0.2, expired, self-signed, for "localhost" only. */
  serverPem: string;
  expiredPem: string;
  selfSignedPem: string;
  wrongNamePem: string;
}

export function makeNetworkCerts(ca: TestCa): NetworkCerts {
  const dir = ca.dir;
  const run = openssl(dir);
  const ecKey = (file: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file);
  const csr = (name: string) => keyAndRequest(dir, name);
  const sign = (name: string, ext: string, caCert = 'ca.pem', caKey = 'ca.key') => signLeaf(dir, name, ext, caCert, caKey);
  const pem = (name: string, certFile = `${name}.pem`) => {
    const file = join(dir, `${name}-haproxy.pem`);
    writeFileSync(file, readFileSync(join(dir, certFile), 'utf8') + readFileSync(join(dir, `${name}.key`), 'utf8'));
    return file;
  };
  // The client, and its key encrypted (AES-256) with a passphrase.
  csr('client');
  sign('client', 'extendedKeyUsage=clientAuth');
  const passphrase = `pass-${Date.now().toString(36)}`;
  run('pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${passphrase}`, '-out', 'client-encrypted.key');
  // A stranger: a client certificate from a CA of its own.
  ecKey('other-ca.key');
  run(
    'req',
    '-x509',
    '-new',
    '-key',
    'other-ca.key',
    '-out',
    'other-ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Another CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
  );
  csr('stranger');
  sign('stranger', 'extendedKeyUsage=clientAuth', 'other-ca.pem', 'other-ca.key');
  // Servers: the right one for haproxy, one expired (openssl ca: x509 -req cannot date a certificate in the past).
  writeFileSync(join(dir, 'server-haproxy.pem'), ca.server.cert + ca.server.key);
  csr('expired');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'expired.ext'), 'subjectAltName=IP:127.0.0.2\nextendedKeyUsage=serverAuth\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=expired.srl\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n',
  );
  writeFileSync(join(dir, 'expired.srl'), '1000\n');
  run(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.pem',
    '-notext',
    '-extfile',
    'expired.ext',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
  );
  ecKey('selfsigned.key');
  run(
    'req',
    '-x509',
    '-new',
    '-key',
    'selfsigned.key',
    '-out',
    'selfsigned.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.2',
    '-addext',
    'subjectAltName=IP:127.0.0.2',
  );
  return {
    client: { certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key'), encryptedKeyFile: join(dir, 'client-encrypted.key'), passphrase },
    strangerClient: { certFile: join(dir, 'stranger.pem'), keyFile: join(dir, 'stranger.key') },
    serverPem: join(dir, 'server-haproxy.pem'),
    expiredPem: pem('expired'),
    selfSignedPem: pem('selfsigned'),
    wrongNamePem: pem('localhost'),
  };
}

import { X509Certificate, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';

export interface TlsMaterial {
  caCertPem: string;
  caCertPath: string;
  cert: string;
  key: string;
}

const BUNDLE = 'emulator-tls.json';
const CA_FILE = 'ca.pem';
/** Regenerate a little before expiry so a long-running emulator never serves an expired certificate. */
const MIN_REMAINING_MS = 7 * 24 * 3600_000;

/**
 * The CA and the server certificate (127.0.0.1, ::1, localhost), generated once and reused from certDir afterwards so
 * clients can trust ca.pem across restarts. The pair is stored as one JSON bundle written atomically, so two emulators
 * starting at once never pair one's CA with the other's server certificate.
 */
export async function ensureTlsMaterial(certDir: string): Promise<TlsMaterial> {
  const caCertPath = join(certDir, CA_FILE);
  const existing = await readBundle(join(certDir, BUNDLE));
  if (existing) {
    await writeFileAtomic(caCertPath, existing.caCertPem); // cheap; repairs a deleted ca.pem
    return { ...existing, caCertPath };
  }
  const made = await generateTlsMaterial();
  await mkdir(certDir, { recursive: true });
  await writeFileAtomic(join(certDir, BUNDLE), JSON.stringify(made));
  await writeFileAtomic(caCertPath, made.caCertPem);
  return { ...made, caCertPath };
}

async function readBundle(path: string): Promise<Omit<TlsMaterial, 'caCertPath'> | undefined> {
  try {
    const b = JSON.parse(await readFile(path, 'utf8')) as Omit<TlsMaterial, 'caCertPath'>;
    const validTo = Date.parse(new X509Certificate(b.cert).validTo);
    return validTo - Date.now() > MIN_REMAINING_MS ? b : undefined;
  } catch {
    return undefined; // missing or damaged: generate a new pair
  }
}

async function generateTlsMaterial(): Promise<Omit<TlsMaterial, 'caCertPath'>> {
  // Loaded lazily: certificate generation costs ~100 ms and is needed only on first start.
  const { generate } = await import('selfsigned');
  const notAfterDate = new Date(Date.now() + 825 * 24 * 3600_000);
  // A name of its own per CA: OpenSSL picks an issuer by name, so two emulators' CAs sharing one (one of them in
  // NODE_EXTRA_CA_CERTS) made the other's server certificate fail with CERT_SIGNATURE_FAILURE.
  const ca = await generate([{ name: 'commonName', value: `aml-isolate emulator CA ${randomBytes(6).toString('hex')}` }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caCertPem: ca.cert, cert: server.cert, key: server.private };
}

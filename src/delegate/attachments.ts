// Uploading files that go with a prompt (POST …/attachments, one file at a time, never retried).
// Text files are scrubbed like prompts before they leave the machine; binary files (a NUL byte in
// their first 8 KB) go as they are, as application/octet-stream unless their extension says more.
import type { DevinClient } from '../api/client';
import { describeFindings, scrub, type ScrubOptions } from './scrub';

export interface DeliveryFile {
  name: string;
  data: Uint8Array;
  contentType?: string;
}

const TEXT_TYPE = /^text\/|json|xml|x-diff|x-patch|javascript|yaml|toml/;

/** How much of a file is looked at for a NUL byte (git and grep look at the first 8 KB too). */
export const BINARY_SNIFF_BYTES = 8 * 1024;

/** Binary: a NUL byte in the first 8 KB (text in UTF-8 never has one; UTF-16 text counts as binary). */
export function isBinary(data: Uint8Array): boolean {
  return data.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** Content type from a file name and, for names it does not know, the content (binary or text). */
export function contentTypeFor(name: string, data: Uint8Array): string {
  const byName = contentTypeOf(name);
  return byName === 'text/plain' && isBinary(data) ? 'application/octet-stream' : byName;
}

/** Content type from a file name (what the upload declares; text types are scrubbed). */
export function contentTypeOf(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
    pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', json: 'application/json', xml: 'application/xml',
    diff: 'text/x-diff', patch: 'text/x-patch', md: 'text/markdown', html: 'text/html', csv: 'text/csv', yaml: 'application/yaml', yml: 'application/yaml',
  };
  return known[ext] ?? 'text/plain';
}

/** Bytes to upload: text is scrubbed (and says how much it removed), anything else goes as it is. */
export function scrubFile(f: DeliveryFile, secrets: ScrubOptions): { data: Uint8Array; removed: string } {
  // Decoding and re-encoding binary content would corrupt it, whatever type it declares.
  if (isBinary(f.data) || !TEXT_TYPE.test(f.contentType ?? contentTypeOf(f.name))) return { data: f.data, removed: '' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(f.data);
  const r = scrub(text, secrets);
  return r.count ? { data: new TextEncoder().encode(r.text), removed: `${r.count} (${describeFindings(r.found)})` } : { data: f.data, removed: '' };
}

/** Uploads every file in order; throws on the first failure, so nothing is sent with half the files. */
export async function uploadAll(api: DevinClient, files: readonly DeliveryFile[], secrets: ScrubOptions, log: (m: string) => void): Promise<string[]> {
  const urls: string[] = [];
  for (const f of files) {
    const { data, removed } = scrubFile(f, secrets);
    if (removed) log(`${f.name}: secrets removed before upload: ${removed}`);
    const declared = f.contentType ?? contentTypeOf(f.name);
    const contentType = TEXT_TYPE.test(declared) && isBinary(f.data) ? 'application/octet-stream' : declared;
    const a = await api.uploadAttachment({ name: f.name, data, contentType });
    urls.push(a.url);
  }
  return urls;
}

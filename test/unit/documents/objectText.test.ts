import * as assert from 'node:assert/strict';
import { SNIFF_BYTES, binaryReason, contentTypeKind, decodeText, languageForContentType } from '../../../src/documents/objectText';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('documents/objectText', () => {
  it('classifies content types; octet-stream and video/mp2t (.ts files) are left to the bytes', () => {
    for (const t of [
      'text/plain',
      'text/csv; charset=utf-8',
      'application/json',
      'application/ld+json',
      'image/svg+xml',
      'application/x-yaml',
      'application/javascript',
    ]) {
      assert.equal(contentTypeKind(t), 'text', t);
    }
    for (const t of [
      'image/png',
      'audio/mpeg',
      'video/mp4',
      'font/woff2',
      'application/zip',
      'application/pdf',
      'application/gzip',
      'application/vnd.ms-excel',
    ]) {
      assert.equal(contentTypeKind(t), 'binary', t);
    }
    for (const t of ['application/octet-stream', 'video/mp2t', '', undefined, 'application/x-unheard-of']) {
      assert.equal(contentTypeKind(t), 'unknown', String(t));
    }
    assert.equal(contentTypeKind('application/vnd.api+json'), 'text');
  });

  it('calls text text, in any script, with or without a byte-order mark', () => {
    assert.equal(binaryReason(utf8('hello\nworld\n'), 'text/plain'), undefined);
    assert.equal(binaryReason(utf8('日本語のテキスト ✓ émoji 😀'), 'application/octet-stream'), undefined);
    assert.equal(binaryReason(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), undefined), undefined);
    assert.equal(binaryReason(new Uint8Array([0xff, 0xfe, 0x41, 0x00]), undefined), undefined, 'UTF-16 LE has NULs but is text');
    assert.equal(binaryReason(new Uint8Array(0), undefined), undefined, 'an empty object is text');
  });

  it('calls NUL bytes, invalid UTF-8 and binary content types binary, saying why', () => {
    assert.equal(binaryReason(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), undefined), 'it contains NUL bytes');
    assert.equal(binaryReason(new Uint8Array([0x41, 0xc3, 0x28, 0x41]), undefined), 'it is not valid UTF-8 text');
    assert.equal(binaryReason(utf8('looks like text'), 'image/png'), 'its content type is image/png');
  });

  it('does not hold a character cut at the end of the sample against the object', () => {
    const text = 'a'.repeat(SNIFF_BYTES - 1) + 'é'; // the é's two bytes straddle the 1 KiB boundary
    const head = utf8(text).subarray(0, SNIFF_BYTES);
    assert.equal(head.length, SNIFF_BYTES);
    assert.equal(binaryReason(head, undefined), undefined);
  });

  it('only looks at the first KiB', () => {
    const bytes = new Uint8Array(SNIFF_BYTES + 10).fill(0x41);
    bytes[SNIFF_BYTES + 5] = 0;
    assert.equal(binaryReason(bytes, undefined), undefined);
  });

  it('decodes UTF-8 and UTF-16 and drops the byte-order mark', () => {
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('héllo')])), 'héllo');
    assert.equal(decodeText(new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0xe9, 0x00])), 'hé');
    assert.equal(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9])), 'hé');
    assert.equal(decodeText(utf8('plain')), 'plain');
  });

  it('names a language for content types the file name could not', () => {
    assert.equal(languageForContentType('application/json; charset=utf-8'), 'json');
    assert.equal(languageForContentType('application/vnd.api+json'), 'json');
    assert.equal(languageForContentType('application/atom+xml'), 'xml');
    assert.equal(languageForContentType('text/x-yaml'), 'yaml');
    assert.equal(languageForContentType('text/plain'), undefined);
    assert.equal(languageForContentType(undefined), undefined);
  });
});

/**
 * The level of each request line: a 404 is a debug line (the editor probes every swift: workspace folder for
 * .vscode/settings.json, tasks.json, launch.json, mcp.json…, and each probe was a warning), while refusals,
 * server errors and network failures stay warnings; the line itself goes through the redactor either way.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Log, requestLogLevel } from '../../src/log';
import { Redactor } from '../../src/openstack/redact';

function recording(): { channel: vscode.LogOutputChannel; lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const at = (level: string) => (message: string) => void lines.push([level, message]);
  const channel = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), trace: at('trace') };
  return { channel: channel as unknown as vscode.LogOutputChannel, lines };
}

describe('log: request line levels', () => {
  it('a 404 is debug; 2xx/3xx info; 401, 403, 409, 5xx and network failures warn', () => {
    assert.equal(requestLogLevel({ status: 404 }), 'debug');
    for (const status of [200, 201, 204, 206, 304]) assert.equal(requestLogLevel({ status }), 'info', String(status));
    for (const status of [400, 401, 403, 409, 412, 416, 429, 500, 502, 503]) assert.equal(requestLogLevel({ status }), 'warn', String(status));
    assert.equal(requestLogLevel({ error: 'connect ECONNREFUSED 127.0.0.1:1' }), 'warn');
    assert.equal(requestLogLevel({}), 'warn');
  });

  it('Log.request writes a HEAD 404 probe at debug, redacted, and a 503 as a warning', () => {
    const { channel, lines } = recording();
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-sig');
    const log = new Log(channel, redactor);
    log.request({ method: 'HEAD', url: 'http://127.0.0.1:8080/v1/AUTH_x/c/.vscode/settings.json?sig=s3cr3t-sig', status: 404, ms: 3 });
    log.request({ method: 'GET', url: 'http://127.0.0.1:8080/v1/AUTH_x/c', status: 503, ms: 3 });
    assert.deepEqual(
      lines.map(([level]) => level),
      ['debug', 'warn'],
    );
    assert.match(lines[0][1], /^HEAD .*\/\.vscode\/settings\.json.* → 404 \(3 ms\)$/);
    assert.ok(!lines[0][1].includes('s3cr3t-sig'), lines[0][1]);
  });
});

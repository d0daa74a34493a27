import type * as vscode from 'vscode';
import type { RequestLogEntry } from './openstack/http';
import type { Redactor } from './openstack/redact';

/** The extension's one log: a LogOutputChannel, fed only through the redactor. */
export class Log {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly redactor: Redactor,
  ) {}

  request(entry: RequestLogEntry): void {
    const id = entry.requestId ? ` [${entry.requestId}]` : '';
    // Through a proxy or not: the first question when a request fails behind a corporate network. No credentials.
    const route = entry.proxy ? ` via proxy ${entry.proxy}` : ' direct';
    const line = `${entry.method} ${entry.url}${route} → ${entry.status ?? entry.error ?? 'failed'} (${entry.ms} ms)${id}`;
    this.channel[requestLogLevel(entry)](this.redactor.redact(line));
  }

  /** Hidden at the log's default level: what is expected and says nothing is wrong. */
  debug(message: string): void {
    this.channel.debug(this.redactor.redact(message));
  }

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }

  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }

  /** Brings the log into view ("Show Log" on an error message), keeping the focus where it is. */
  show(): void {
    this.channel.show(true);
  }
}

/**
 * The level of a request's line. A 404 is an answer ("not there"), not a failure: the editor probes every
 * `swift:` workspace folder for .vscode/settings.json, tasks.json, launch.json… and existence checks before an
 * upload expect it; whoever turns a 404 into a failure logs that failure itself (the command wrapper, the tree,
 * the file system), so the line goes to debug. Other 4xx and 5xx answers and network failures stay warnings.
 */
export function requestLogLevel(entry: Pick<RequestLogEntry, 'status' | 'error'>): 'info' | 'warn' | 'debug' {
  if (entry.error !== undefined || entry.status === undefined) return 'warn';
  if (entry.status === 404) return 'debug';
  return entry.status >= 400 ? 'warn' : 'info';
}

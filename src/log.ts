import * as vscode from 'vscode';
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
    if (entry.error || (entry.status ?? 0) >= 400) this.channel.warn(this.redactor.redact(line));
    else this.channel.info(this.redactor.redact(line));
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

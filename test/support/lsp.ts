// The real yaml-language-server (npm package, the server of Red Hat's VS Code YAML extension and of
// most editors' YAML support) driven over LSP on stdio, as an editor drives it: JSON-RPC messages
// framed by Content-Length headers.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.js';

const SERVER = `${ROOT}node_modules/yaml-language-server/bin/yaml-language-server`;

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };

export class YamlLanguageServer {
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly replies = new Map<number, (message: Message) => void>();
  private readonly waiters: { accept: (message: Message) => boolean; resolve: (message: Message) => void; reject: (err: Error) => void }[] = [];
  private settings: Record<string, unknown> = {};
  private version = 0;
  /** stderr of the server, for failure messages. */
  log = '';

  private constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    // A server that cannot start or dies fails whatever waits on it, with its stderr, instead of a time-out.
    const fail = (reason: string) => {
      const err = new Error(`yaml-language-server ${reason}${this.log ? `:\n${this.log}` : ''}`);
      for (const reply of this.replies.values()) reply({ error: { message: err.message } });
      this.replies.clear();
      for (const waiter of this.waiters.splice(0)) waiter.reject(err);
    };
    this.process.on('error', (err) => fail(`could not start (${SERVER}): ${err.message}`));
    this.process.on('exit', (code) => fail(`exited with ${code}`));
  }

  static async start(): Promise<YamlLanguageServer> {
    const server = new YamlLanguageServer();
    // workspace.configuration: the server pulls its settings (yaml.schemas …) from us, as from VS Code.
    await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    server.notify('initialized', {});
    // As VS Code's extension does: then the server says when new settings are in force.
    server.notify('yaml/supportSchemaSelection', {});
    return server;
  }

  /** yaml.* settings (schemas: {schemaUri: glob | glob[]}, …); resolves once the server applied them. */
  async configure(yaml: Record<string, unknown>): Promise<void> {
    // Nothing from the network: no schema store catalog, no CRD store.
    this.settings = { validate: true, hover: true, completion: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false }, ...yaml };
    const applied = this.waitFor((message) => message.method === 'yaml/schema/store/initialized');
    this.notify('workspace/didChangeConfiguration', { settings: { yaml: this.settings } });
    await applied;
  }

  /** Opens a document and returns the first diagnostics the server publishes for it. */
  async diagnostics(path: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(path).href;
    const published = this.waitFor((message) => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    const { diagnostics } = (await published).params as { diagnostics: Diagnostic[] };
    this.notify('textDocument/didClose', { textDocument: { uri } });
    return diagnostics;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    await exited;
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits for a notification sent after this call (register before sending what causes it). */
  private waitFor(accept: (message: Message) => boolean): Promise<Message> {
    return new Promise((resolve, reject) => this.waiters.push({ accept, resolve, reject }));
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined && message.id !== undefined) {
      this.replies.get(message.id)?.(message);
      this.replies.delete(message.id);
      return;
    }
    if (message.method !== undefined && message.id !== undefined) {
      // A request of the server's: settings by section, and a plain "done" for everything else
      // (capability registration, progress).
      const items = (message.params as { items?: { section?: string }[] } | undefined)?.items ?? [];
      const result = message.method === 'workspace/configuration' ? items.map((item) => (item.section === 'yaml' ? this.settings : null)) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    // Notifications nobody waits for (log messages, the diagnostics of a closed document) are dropped.
    const waiter = this.waiters.findIndex(({ accept }) => accept(message));
    if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(message);
  }
}

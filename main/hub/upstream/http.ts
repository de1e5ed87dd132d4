import type { Agent } from 'node:http';
import { agentFor, send } from '../../core/trust/transport';
import { UpstreamFault, type CityPlatform } from './platform';
import type { UpstreamArchive, UpstreamCase } from './wire';

/**
 * The city platform over HTTP(S): `POST <base>/cases` and `POST <base>/archives` with a JSON body
 * and an Idempotency-Key header (docs/city-platform.md). A network error, a timeout, 408, 429 or
 * 5xx is retried later; any other 4xx is a refusal of that one message.
 */
export class HttpCityPlatform implements CityPlatform {
  readonly name: string;
  private readonly base: string;
  private readonly agent: Agent;

  constructor(url: string, private readonly timeoutMs = 30_000) {
    this.base = url.replace(/\/+$/, '');
    this.name = new URL(this.base).host;
    this.agent = agentFor(this.base, null);
  }

  putCase(c: UpstreamCase, key: string): Promise<void> {
    return this.post('/cases', c, key);
  }

  putArchive(a: UpstreamArchive, key: string): Promise<void> {
    return this.post('/archives', a, key);
  }

  close(): void {
    this.agent.destroy();
  }

  private async post(path: string, body: unknown, key: string): Promise<void> {
    let res;
    try {
      res = await send(this.base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body), agent: this.agent, timeoutMs: this.timeoutMs });
    } catch (e) {
      throw new UpstreamFault('retry', `无法连接市级平台（${(e as Error).message}）`);
    }
    if (res.status >= 200 && res.status < 300) return;
    const why = res.text.slice(0, 200).replace(/\s+/g, ' ').trim() || `HTTP ${res.status}`;
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new UpstreamFault('retry', `市级平台暂时无法处理（HTTP ${res.status}：${why}）`);
    throw new UpstreamFault('reject', `市级平台拒收（HTTP ${res.status}：${why}）`);
  }
}

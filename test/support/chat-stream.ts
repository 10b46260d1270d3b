export interface Heard {
  event: string;
  data: Record<string, unknown>;
}

/** An open chat event stream (as the widget reads it: fetch, not EventSource, so the token goes in a header). */
export class ChatStream {
  readonly heard: Heard[] = [];
  private constructor(
    readonly status: number,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string>): Promise<ChatStream> {
    const abort = new AbortController();
    const res = await fetch(url, { headers, signal: abort.signal });
    const stream = new ChatStream(res.status, abort);
    if (res.ok && res.body) void stream.read(res.body);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) this.heard.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted by close()
    }
  }

  messages(): Array<{ author: string; body: string }> {
    return this.heard.filter((h) => h.event === 'message').map((h) => ({ author: h.data.author as string, body: h.data.body as string }));
  }

  states(): string[] {
    return this.heard.filter((h) => h.event === 'state').map((h) => h.data.state as string);
  }

  close(): void {
    this.abort.abort();
  }
}

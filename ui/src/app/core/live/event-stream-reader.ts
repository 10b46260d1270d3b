/**
 * Reads a server-sent event stream's body to its end, handing each event that has a name and data to
 * `on` with the data parsed. The live ticket feed and the chat streams read their streams with fetch
 * (the access token goes in a header, which EventSource cannot send), so they parse the frames here.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, on: (event: string, data: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) on(event, JSON.parse(data));
    }
  }
}

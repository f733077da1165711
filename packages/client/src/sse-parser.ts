/** One dispatched Server-Sent Event. */
export interface SseMessage {
  /** The event's own id, or null when it carried none (the last id seen still applies for resuming). */
  id: string | null;
  event: string;
  data: string;
}

/**
 * The event-stream format as the HTML standard parses it: lines end in LF, CRLF or CR; `data` lines join
 * with LF; a blank line dispatches; comments (`:`) and unknown fields are ignored; a field's value loses
 * one leading space. Chunks may split anywhere, even inside a CRLF or a UTF-8 sequence.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];
  /** A chunk ended in CR: a LF at the start of the next belongs to the same line end. */
  private pendingCr = false;

  /** Feeds bytes; returns the events completed by them. */
  push(chunk: Uint8Array): SseMessage[] {
    let text = this.decoder.decode(chunk, { stream: true });
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i), out);
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.id = null;
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

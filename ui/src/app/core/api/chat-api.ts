import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's Chat (service-catalog/chat/schemas.ts). */
export interface Chat {
  chatId: string;
  state: 'waiting' | 'active' | 'ended' | 'ticket';
  ticketNumber: string;
  visitorName: string;
  groupKey: string | null;
  position: number | null;
  waitSeconds: number | null;
  offerUntil: string;
  agentName: string | null;
  backAt: string | null;
}

/** Mirrors ChatFile: a file sent in a chat, downloaded through the chat (`url`, relative to the API). */
export interface ChatFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

/** Mirrors ChatMessage: a line of the transcript (a public reply of the chat's ticket). */
export interface ChatMessage {
  id: string;
  author: 'visitor' | 'agent' | 'system';
  name: string;
  body: string;
  at: string;
  attachments: ChatFile[];
}

/** Mirrors DeskChats. */
export interface DeskChats {
  available: boolean;
  waiting: Chat[];
  mine: Chat[];
}

/** Live chat: the portal starting one, the desk's queue, taking a chat, answering in it. */
@Injectable({ providedIn: 'root' })
export class ChatApi {
  private readonly http = inject(HttpClient);

  /** A signed-in requester starts a chat from the portal (the answer's widget token is not needed: she is signed in). */
  start(message: string): Observable<Chat> {
    return this.http.post<Chat>('/chat/sessions', { message });
  }
  desk(): Observable<DeskChats> {
    return this.http.get<DeskChats>('/chats');
  }
  take(chatId: string): Observable<Chat> {
    return this.http.post<Chat>(`/chats/${chatId}/take`, {});
  }
  transcript(chatId: string): Observable<Chat & { messages: ChatMessage[] }> {
    return this.http.get<Chat & { messages: ChatMessage[] }>(`/chats/${chatId}`);
  }
  send(chatId: string, body: string): Observable<ChatMessage> {
    return this.http.post<ChatMessage>(`/chats/${chatId}/messages`, { body });
  }
  /** Sends a file as a message of the chat (multipart, part "file"). */
  sendFile(chatId: string, file: File): Observable<ChatMessage> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ChatMessage>(`/chats/${chatId}/attachments`, form);
  }
  /** A file of the chat, as bytes (the API needs the sign-in, so no plain link). */
  download(url: string): Observable<Blob> {
    return this.http.get(url, { responseType: 'blob' });
  }
  typing(chatId: string): Observable<void> {
    return this.http.post<void>(`/chats/${chatId}/typing`, {});
  }
  end(chatId: string): Observable<Chat> {
    return this.http.post<Chat>(`/chats/${chatId}/end`, {});
  }
}

/**
 * The embeddable chat widget, served as `GET /widget.js`: plain ES2017 with no framework, no eval, no
 * inline script or style attribute (styles are set through the CSSOM, which a page's CSP allows), so a
 * page with a strict policy embeds it with `script-src` and `connect-src` naming the desk. Include:
 * `<script src="https://desk.example/widget.js" data-site-key="fdk_…" async></script>`. Text is only
 * ever written with `textContent`, so HTML in a message shows as typed.
 */
export const WIDGET_SOURCE = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var api = new URL(script.src).origin;
  var siteKey = script.getAttribute('data-site-key') || '';
  var storeKey = 'flowdesk-chat:' + siteKey;
  var chat = null;
  var lastId = null;
  var typingSent = 0;
  var typingTimer = null;

  function el(tag, props, styles) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { e[k] = props[k]; });
    Object.keys(styles || {}).forEach(function (k) { e.style[k] = styles[k]; });
    return e;
  }
  function call(method, path, body) {
    var headers = { 'content-type': 'application/json' };
    if (chat) headers['x-chat-token'] = chat.token;
    return fetch(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (res) {
      return res.text().then(function (text) {
        var data = text ? JSON.parse(text) : null;
        if (!res.ok) throw new Error((data && data.message) || res.statusText);
        return data;
      });
    });
  }

  var button = el('button', { type: 'button', textContent: 'Chat with us', id: 'flowdesk-chat-open' },
    { position: 'fixed', right: '16px', bottom: '16px', padding: '10px 16px', borderRadius: '20px', border: '0',
      background: '#1f5fa8', color: '#fff', font: '14px sans-serif', cursor: 'pointer', zIndex: '2147483000' });
  var panel = el('section', { id: 'flowdesk-chat', hidden: true },
    { position: 'fixed', right: '16px', bottom: '64px', width: '320px', maxWidth: 'calc(100vw - 32px)', maxHeight: '70vh',
      display: 'none', flexDirection: 'column', background: '#fff', color: '#1b1b1b', border: '1px solid #888',
      borderRadius: '8px', font: '14px sans-serif', zIndex: '2147483000', boxShadow: '0 4px 16px rgba(0,0,0,.25)' });
  panel.setAttribute('aria-label', 'Chat with the service desk');
  var status = el('p', { id: 'flowdesk-chat-status' }, { margin: '8px', fontWeight: 'bold' });
  status.setAttribute('role', 'status');
  var log = el('ol', { id: 'flowdesk-chat-log' }, { listStyle: 'none', margin: '0', padding: '8px', overflowY: 'auto', flex: '1' });
  log.setAttribute('aria-live', 'polite');
  var typing = el('p', { id: 'flowdesk-chat-typing', textContent: '' }, { margin: '0 8px', fontStyle: 'italic', minHeight: '1em' });
  var form = el('form', {}, { display: 'flex', flexDirection: 'column', gap: '4px', padding: '8px' });
  function field(label, input) {
    var l = el('label', { textContent: label }, { display: 'flex', flexDirection: 'column' });
    l.appendChild(input);
    return l;
  }
  var name = el('input', { name: 'name', autocomplete: 'name', required: true, maxLength: 120 });
  var email = el('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, maxLength: 254 });
  var text = el('textarea', { name: 'message', required: true, maxLength: 2000, rows: 2 });
  var send = el('button', { type: 'submit', textContent: 'Send' });
  // A file goes out as soon as it is picked (once the chat exists); the desk checks it as any attachment.
  var file = el('input', { type: 'file', name: 'file', id: 'flowdesk-chat-file' }, {});
  var attach = field('Attach a file', file);
  attach.style.display = 'none';
  var details = el('div', {}, { display: 'flex', flexDirection: 'column', gap: '4px' });
  details.appendChild(field('Your name', name));
  details.appendChild(field('E-mail', email));
  form.appendChild(details);
  form.appendChild(field('Message', text));
  form.appendChild(attach);
  form.appendChild(send);
  panel.appendChild(status);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);

  function showStatus(view) {
    if (view.state === 'waiting') status.textContent = 'Waiting for an agent: you are number ' + view.position + ', about ' + Math.max(1, Math.round(view.waitSeconds / 60)) + ' min.';
    else if (view.state === 'active') status.textContent = (view.agentName || 'An agent') + ' is chatting with you.';
    else if (view.state === 'ticket') status.textContent = 'Your chat is ticket ' + view.ticketNumber + '; we answer by e-mail.' + (view.backAt ? ' We are back at ' + new Date(view.backAt).toLocaleString() + '.' : '');
    else status.textContent = 'The chat has ended (ticket ' + view.ticketNumber + ').';
  }
  function addMessage(m) {
    if (document.getElementById('flowdesk-msg-' + m.id)) return;
    var li = el('li', { id: 'flowdesk-msg-' + m.id }, { margin: '4px 0', textAlign: m.author === 'visitor' ? 'right' : 'left' });
    li.className = 'flowdesk-' + m.author;
    var who = el('strong', { textContent: m.author === 'visitor' ? 'You' : m.name }, {});
    var body = el('span', { textContent: ': ' + m.body }, {});
    li.appendChild(who);
    li.appendChild(body);
    (m.attachments || []).forEach(function (a) {
      var get = el('button', { type: 'button', textContent: 'Download ' + a.filename, className: 'flowdesk-file' }, { display: 'block', marginLeft: m.author === 'visitor' ? 'auto' : '0' });
      get.addEventListener('click', function () { download(a); });
      li.appendChild(get);
    });
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    lastId = m.id;
    if (m.author === 'agent') typing.textContent = '';
  }
  // The token goes in a header, so a file is fetched and handed to the browser as a download, never opened here.
  function download(a) {
    fetch(api + a.url, { headers: { 'x-chat-token': chat.token } }).then(function (res) {
      if (!res.ok) throw new Error(res.statusText);
      return res.blob();
    }).then(function (blob) {
      var link = el('a', { href: URL.createObjectURL(blob), download: a.filename }, { display: 'none' });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }).catch(function (err) { status.textContent = 'The file could not be downloaded: ' + err.message; });
  }
  file.addEventListener('change', function () {
    if (!chat || !file.files || !file.files[0]) return;
    var body = new FormData();
    body.append('file', file.files[0], file.files[0].name);
    file.disabled = true;
    fetch(api + '/chats/' + chat.chatId + '/attachments', { method: 'POST', headers: { 'x-chat-token': chat.token }, body: body })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error((data && data.message) || res.statusText);
          addMessage(data);
        });
      })
      .catch(function (err) { status.textContent = err.message; })
      .then(function () { file.value = ''; file.disabled = false; });
  });
  function listen() {
    var path = '/chats/' + chat.chatId + '/events' + (lastId ? '?after=' + lastId : '');
    fetch(api + path, { headers: { 'x-chat-token': chat.token } }).then(function (res) {
      if (!res.ok || !res.body) throw new Error('stream ' + res.status);
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (part) {
          if (part.done) return;
          buffer += decoder.decode(part.value, { stream: true });
          var cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            var frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            var ev = /^event: (.*)$/m.exec(frame);
            var data = /^data: (.*)$/m.exec(frame);
            if (!ev || !data) continue;
            var payload = JSON.parse(data[1]);
            if (ev[1] === 'message') addMessage(payload);
            else if (ev[1] === 'state') showStatus(payload);
            else if (ev[1] === 'typing') {
              typing.textContent = 'The agent is typing…';
              clearTimeout(typingTimer);
              typingTimer = setTimeout(function () { typing.textContent = ''; }, 4000);
            }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () { return null; }).then(function () {
      // The stream ends every few minutes or drops: open it again from the last message seen.
      setTimeout(listen, 2000);
    });
  }
  function opened(view) {
    chat = view;
    sessionStorage.setItem(storeKey, JSON.stringify({ chatId: view.chatId, token: view.token }));
    details.style.display = 'none';
    attach.style.display = 'flex';
    name.required = false;
    email.required = false;
    showStatus(view);
    listen();
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var message = text.value.trim();
    if (!message) return;
    send.disabled = true;
    var done = function () { send.disabled = false; };
    if (!chat) {
      call('POST', '/chat/sessions', { siteKey: siteKey, name: name.value, email: email.value, message: message })
        .then(function (view) { text.value = ''; opened(view); }, function (err) { status.textContent = err.message; })
        .then(done);
    } else {
      call('POST', '/chats/' + chat.chatId + '/messages', { body: message })
        .then(function (m) { text.value = ''; addMessage(m); }, function (err) { status.textContent = err.message; })
        .then(done);
    }
  });
  text.addEventListener('input', function () {
    if (!chat || Date.now() - typingSent < 3000) return;
    typingSent = Date.now();
    call('POST', '/chats/' + chat.chatId + '/typing').catch(function () { return null; });
  });
  button.addEventListener('click', function () {
    var open = panel.style.display === 'none';
    panel.style.display = open ? 'flex' : 'none';
    panel.hidden = !open;
    if (open && !chat) {
      call('GET', '/chat/availability?siteKey=' + encodeURIComponent(siteKey)).then(function (a) {
        status.textContent = a.open ? 'Ask us anything: an agent will answer here.' : 'We are away until ' + new Date(a.backAt).toLocaleString() + '. Leave a message and we answer by e-mail.';
      }, function (err) { status.textContent = err.message; });
    }
  });
  var saved = sessionStorage.getItem(storeKey);
  if (saved) {
    var s = JSON.parse(saved);
    chat = { chatId: s.chatId, token: s.token };
    call('GET', '/chats/' + s.chatId).then(function (view) {
      view.token = s.token;
      view.messages.forEach(addMessage);
      opened(view);
    }, function () { chat = null; sessionStorage.removeItem(storeKey); });
  }
  document.body.appendChild(button);
  document.body.appendChild(panel);
})();
`;

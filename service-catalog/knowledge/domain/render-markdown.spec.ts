import { renderMarkdown } from './render-markdown';

describe('renderMarkdown', () => {
  it.each([
    ['a script', 'Hi <script>alert(1)</script> there', '<script'],
    ['an event handler', '<img src="https://x.test/a.png" onerror="alert(1)">', 'onerror'],
    ['a javascript: link', '[click](javascript:alert(1))', 'javascript:'],
    ['an iframe', '<iframe src="https://evil.test"></iframe>', '<iframe'],
    ['a style attribute', '<p style="position:fixed">x</p>', 'style='],
  ])('removes %s', (_what, markdown, forbidden) => {
    expect(renderMarkdown(markdown).toLowerCase()).not.toContain(forbidden);
  });

  it('keeps the Markdown it is meant to render', () => {
    const html = renderMarkdown('# Reset VPN\n\n1. Open **Settings**\n2. See [guide](https://intra.test/vpn)\n\n`code`');
    expect(html).toContain('<h1>Reset VPN</h1>');
    expect(html).toContain('<strong>Settings</strong>');
    expect(html).toContain('<a href="https://intra.test/vpn">guide</a>');
    expect(html).toContain('<code>code</code>');
  });
});
